using Fraud.Orleans.Model;

namespace Fraud.Orleans.Tests.Support;

/// <summary>The committed ONNX model, loaded once through the real ONNX Runtime for the whole test run.</summary>
public static class SharedModel
{
    private static readonly Lazy<OnnxFraudModel> Lazy = new(() => OnnxFraudModel.Load(RepositoryPaths.ModelPath, RepositoryPaths.ModelMetadataPath));

    public static OnnxFraudModel Instance => Lazy.Value;
}
