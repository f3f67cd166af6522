using System.Runtime.InteropServices;

namespace Fraud.Orleans.Model.Explanations;

/// <summary>One node of a <see cref="TreeEnsemble"/>. Children are indexes into the ensemble's node array.</summary>
[StructLayout(LayoutKind.Auto)]
internal struct TreeNode
{
    /// <summary>The input column the node splits on; -1 for a leaf.</summary>
    public int Feature;

    public float Threshold;

    public BranchMode Mode;

    /// <summary>Where a missing (NaN) value goes: the true branch when set.</summary>
    public bool MissingTracksTrue;

    public int TrueChild;

    public int FalseChild;

    /// <summary>A leaf's value, in margin (log-odds) units.</summary>
    public double Value;

    /// <summary>The training rows' weight through the node (xgboost: their sum of hessians).</summary>
    public double Cover;

    /// <summary>The cover-weighted mean of the leaves under the node: the tree's expected value from here.</summary>
    public double Mean;

    public readonly bool IsLeaf => Feature < 0;

    /// <summary>The child <paramref name="value"/> takes, as ONNX Runtime decides it.</summary>
    public readonly int Next(float value)
    {
        if (float.IsNaN(value))
        {
            return MissingTracksTrue ? TrueChild : FalseChild;
        }

        var goesTrue = Mode switch
        {
            BranchMode.Less => value < Threshold,
            BranchMode.LessOrEqual => value <= Threshold,
            BranchMode.Greater => value > Threshold,
            BranchMode.GreaterOrEqual => value >= Threshold,
            BranchMode.Equal => value == Threshold,
            _ => value != Threshold,
        };
        return goesTrue ? TrueChild : FalseChild;
    }
}
