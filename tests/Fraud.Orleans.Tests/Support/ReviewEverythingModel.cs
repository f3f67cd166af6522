namespace Fraud.Orleans.Tests.Support;

/// <summary>
/// The committed model with its review threshold lowered to almost nothing, in a temporary folder: nearly every
/// transaction is decided REVIEW (or BLOCK above the shipped block threshold), so a handful of transactions fill a
/// review queue. The ONNX file is the shipped one; only the thresholds in its metadata change.
/// </summary>
public sealed class ReviewEverythingModel : IDisposable
{
    private readonly TempFolder _folder = new("review-model-");

    public ReviewEverythingModel() =>
        OnnxPath = ModelVariant.Write(_folder.Path, "fraud-model.onnx", metadata => metadata["thresholds"]!["review"] = 1e-9);

    public string OnnxPath { get; }

    public void Dispose() => _folder.Dispose();
}
