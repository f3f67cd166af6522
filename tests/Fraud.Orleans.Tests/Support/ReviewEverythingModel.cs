using System.Text.Json.Nodes;

namespace Fraud.Orleans.Tests.Support;

/// <summary>
/// The committed model with its review threshold lowered to almost nothing, in a temporary folder: nearly every
/// transaction is decided REVIEW (or BLOCK above the shipped block threshold), so a handful of transactions fill a
/// review queue. The ONNX file is the shipped one; only the thresholds in its metadata change.
/// </summary>
public sealed class ReviewEverythingModel : IDisposable
{
    private readonly TempFolder _folder = new("review-model-");

    public ReviewEverythingModel()
    {
        File.Copy(RepositoryPaths.ModelPath, OnnxPath);
        var metadata = JsonNode.Parse(File.ReadAllText(RepositoryPaths.ModelMetadataPath))!;
        metadata["thresholds"]!["review"] = 1e-9;
        File.WriteAllText(Path.ChangeExtension(OnnxPath, ".json"), metadata.ToJsonString());
    }

    public string OnnxPath => _folder.File("fraud-model.onnx");

    public void Dispose() => _folder.Dispose();
}
