using Fraud.Orleans.Model;
using Xunit.Abstractions;

namespace Fraud.Orleans.Tests.Model;

/// <summary>The trained model scores every parity row within 1e-5 of what python computed (model/train.py).</summary>
public sealed class TrainedModelParityTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;

    [Fact]
    public void Single_row_scores_match_python()
    {
        using var model = OnnxFraudModel.Load(ModelTestFiles.TrainedModel, ModelTestFiles.TrainedMetadata);
        var (rows, expected) = ModelTestFiles.ReadExpectations(ModelTestFiles.ParityRows, model.Metadata.Features);
        Assert.NotEmpty(rows);

        var worst = 0.0;
        var failures = new List<string>();
        for (var i = 0; i < rows.Length; i++)
        {
            var difference = Math.Abs(model.Score(rows[i]) - expected[i]);
            worst = Math.Max(worst, difference);
            if (difference > Tolerance)
            {
                failures.Add($"row {i}: python {expected[i]}, ORT {model.Score(rows[i])}");
            }
        }

        output.WriteLine($"{rows.Length} parity rows, largest |ORT - python| = {worst:E2}");
        Assert.True(failures.Count == 0, $"{failures.Count}/{rows.Length} rows off by more than {Tolerance} (worst {worst}): {string.Join("; ", failures.Take(10))}");
    }

    [Fact]
    public void Batch_scores_match_python()
    {
        using var model = OnnxFraudModel.Load(ModelTestFiles.TrainedModel, ModelTestFiles.TrainedMetadata);
        var (rows, expected) = ModelTestFiles.ReadExpectations(ModelTestFiles.ParityRows, model.Metadata.Features);
        var probabilities = new float[rows.Length];

        model.Score(rows.SelectMany(r => r).ToArray(), rows.Length, probabilities);

        var offenders = Enumerable.Range(0, rows.Length).Where(i => Math.Abs(probabilities[i] - expected[i]) > Tolerance).ToList();
        Assert.True(offenders.Count == 0, $"{offenders.Count}/{rows.Length} rows off by more than {Tolerance}, e.g. " +
            string.Join("; ", offenders.Take(10).Select(i => $"row {i}: python {expected[i]}, ORT {probabilities[i]}")));
    }

    [Fact]
    public void Metadata_features_are_the_models_input_width()
    {
        using var model = OnnxFraudModel.Load(ModelTestFiles.TrainedModel, ModelTestFiles.TrainedMetadata);
        Assert.Throws<ArgumentException>(() => model.Score(new float[model.Metadata.Features.Count + 1]));
        var probability = model.Score(new float[model.Metadata.Features.Count]);
        Assert.InRange(probability, 0f, 1f);
    }
}
