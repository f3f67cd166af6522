using System.Globalization;
using Fraud.Orleans.Model;
using Fraud.Orleans.Tests.Support;

namespace Fraud.Orleans.Tests.Model;

/// <summary>Where the model files live and how to read the expected-output CSVs.</summary>
internal static class ModelTestFiles
{
    public static string RepoRoot => RepositoryPaths.Root;

    public static string TestData => Path.Combine(RepoRoot, "tests", "Fraud.Orleans.Tests", "Model", "TestData");

    /// <summary>Tiny hand-checkable model (see TestData/generate_test_models.py), committed with the tests.</summary>
    public static string TinyModel => Path.Combine(TestData, "tiny-model.onnx");

    public static string TinyModelDynamic => Path.Combine(TestData, "tiny-model-dynamic.onnx");

    public static string TinyMetadata => Path.Combine(TestData, "tiny-model.json");

    public static string TinyExpected => Path.Combine(TestData, "tiny-model-expected.csv");

    public static string WrongOutputModel => Path.Combine(TestData, "wrong-output.onnx");

    /// <summary>The trained model that <c>model/train.py</c> writes.</summary>
    public static string TrainedModel => RepositoryPaths.ModelPath;

    public static string TrainedMetadata => RepositoryPaths.ModelMetadataPath;

    public static string ParityRows => Path.Combine(RepoRoot, "model", "testdata", "parity-rows.csv");

    public static bool TrainedModelExists =>
        File.Exists(TrainedModel) && File.Exists(TrainedMetadata) && File.Exists(ParityRows);

    public static OnnxFraudModel LoadTiny() => OnnxFraudModel.Load(TinyModel, TinyMetadata);

    /// <summary>
    /// Reads a CSV whose header names the model's features (in any order, other columns ignored) and a
    /// <c>probability</c> column; lines starting with '#' are comments. Returns rows in metadata feature order.
    /// </summary>
    public static (float[][] Rows, double[] Expected) ReadExpectations(string csvPath, IReadOnlyList<string> features)
    {
        var lines = File.ReadLines(csvPath).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var header = lines[0].Split(',').Select(h => h.Trim()).ToList();
        var featureColumns = features.Select(f =>
        {
            var index = header.IndexOf(f);
            return index >= 0 ? index : throw new InvalidDataException($"{csvPath}: no column for feature '{f}'.");
        }).ToArray();
        var probabilityColumn = header.IndexOf("probability");
        if (probabilityColumn < 0)
        {
            throw new InvalidDataException($"{csvPath}: no 'probability' column.");
        }

        var rows = new List<float[]>();
        var expected = new List<double>();
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            rows.Add(featureColumns.Select(c => float.Parse(cells[c], CultureInfo.InvariantCulture)).ToArray());
            expected.Add(double.Parse(cells[probabilityColumn], CultureInfo.InvariantCulture));
        }

        return (rows.ToArray(), expected.ToArray());
    }

    /// <summary>A fresh temporary folder, deleted on dispose.</summary>
    public static TempFolder CreateTempFolder() => new("fraud-model-tests-");
}

/// <summary>Tests that measure process-wide native state (live ORT objects, resident memory) run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NativeMemoryCollection
{
    public const string Name = "ONNX Runtime native memory";
}
