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
        var challengerVersion = "challenger-" + SharedModel.Instance.Metadata.ModelVersion;
        version = challengerVersion;
        return ModelVariant.Write(folder, "challenger.onnx", metadata =>
        {
            metadata["model_version"] = challengerVersion;
            if (thresholds is var (review, block))
            {
                metadata["thresholds"] = new JsonObject { ["review"] = review, ["block"] = block };
            }
        });
    }
}
