using System.Text.Json.Nodes;

namespace Fraud.Orleans.Tests.Support;

/// <summary>The shipped ONNX file under changed metadata (version, thresholds), for tests that need a second model.</summary>
public static class ModelVariant
{
    /// <summary>Copies the shipped model to <paramref name="folder"/>/<paramref name="fileName"/> with its metadata changed by <paramref name="change"/>; returns the ONNX path.</summary>
    public static string Write(string folder, string fileName, Action<JsonObject> change)
    {
        var path = Path.Combine(folder, fileName);
        File.Copy(RepositoryPaths.ModelPath, path, overwrite: true);
        var metadata = JsonNode.Parse(File.ReadAllText(RepositoryPaths.ModelMetadataPath))!.AsObject();
        change(metadata);
        File.WriteAllText(Path.ChangeExtension(path, ".json"), metadata.ToJsonString());
        return path;
    }
}
