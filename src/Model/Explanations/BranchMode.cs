namespace Fraud.Orleans.Model.Explanations;

/// <summary>The ONNX tree-ensemble branch modes (nodes_modes), in the order of their names there.</summary>
internal enum BranchMode : byte
{
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Equal,
    NotEqual,
}
