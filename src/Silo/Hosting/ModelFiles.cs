using Fraud.Orleans.Grains;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Model;

namespace Fraud.Orleans.Silo.Hosting;

public static class ModelFiles
{
    /// <summary>A relative model path is looked for from the working directory, then from the folders above the binary.</summary>
    public static string Resolve(string path)
    {
        if (string.IsNullOrWhiteSpace(path) || Path.IsPathRooted(path) || File.Exists(path))
        {
            return path;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, path);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return path;
    }

    /// <summary>Loads the model and its explainer, and checks the grains compute every feature it expects.</summary>
    public static OnnxFraudModel Load(string onnxPath)
    {
        var metadata = ModelMetadata.Load(Path.ChangeExtension(onnxPath, ".json"));
        var unknown = ModelInput.UnknownFeatures(metadata);
        if (unknown.Count > 0)
        {
            throw new InvalidDataException(
                $"{onnxPath}: the model expects features the grains do not compute: [{string.Join(", ", unknown)}] " +
                $"(they compute [{string.Join(", ", FeatureSchema.Names)}]). Retrain with model/train.py.");
        }

        var model = OnnxFraudModel.Load(onnxPath, Path.ChangeExtension(onnxPath, ".json"));
        try
        {
            _ = model.Explainer; // read now: covers that do not fit the trees stop the silo here, not at its first review case
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}
