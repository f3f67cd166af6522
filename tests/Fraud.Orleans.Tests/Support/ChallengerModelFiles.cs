using System.Text.Json.Nodes;

namespace Fraud.Orleans.Tests.Support;

/// <summary>
/// A challenger for tests: the shipped ONNX file under another version, optionally with other thresholds, so that
/// which of the two scored or decided a transaction shows on its signal.
/// </summary>
public static class ChallengerModelFiles
{
    /// <summary>Writes <c>challenger.onnx</c> and its metadata into <paramref name="folder"/>; returns the ONNX path.</summary>
    public static string Write(string folder, out string version, (double Review, double Block)? thresholds = null)
    {
        var path = Path.Combine(folder, "challenger.onnx");
        File.Copy(RepositoryPaths.ModelPath, path, overwrite: true);
        var metadata = JsonNode.Parse(File.ReadAllText(RepositoryPaths.ModelMetadataPath))!.AsObject();
        version = "challenger-" + metadata["model_version"]!.GetValue<string>();
        metadata["model_version"] = version;
        if (thresholds is var (review, block))
        {
            metadata["thresholds"] = new JsonObject { ["review"] = review, ["block"] = block };
        }

        File.WriteAllText(Path.ChangeExtension(path, ".json"), metadata.ToJsonString());
        return path;
    }
}
