using Fraud.Orleans.Model;

namespace Fraud.Orleans.Tests.Model;

/// <summary>
/// The binding against a committed two-tree model whose outputs were computed by hand
/// (TestData/tiny-model-expected.csv), independent of the trained model.
/// </summary>
public sealed class TinyModelScoringTests
{
    private const double Tolerance = 1e-6;

    [Fact]
    public void Load_discovers_names_and_keeps_metadata()
    {
        using var model = ModelTestFiles.LoadTiny();

        Assert.Equal("features", model.InputName);
        Assert.Equal("probabilities", model.OutputName);
        Assert.Equal("tiny-test-1", model.Metadata.ModelVersion);
        Assert.Equal(["amount", "count_1h", "risk"], model.Metadata.Features);
        Assert.Equal(Path.GetFullPath(ModelTestFiles.TinyModel), model.ModelPath);
    }

    [Fact]
    public void Single_row_scores_match_hand_computed_probabilities()
    {
        using var model = ModelTestFiles.LoadTiny();
        var (rows, expected) = ModelTestFiles.ReadExpectations(ModelTestFiles.TinyExpected, model.Metadata.Features);
        Assert.Equal(10, rows.Length);

        for (var i = 0; i < rows.Length; i++)
        {
            var actual = model.Score(rows[i]);
            Assert.True(Math.Abs(actual - expected[i]) <= Tolerance, $"row {i} [{string.Join(", ", rows[i])}]: expected {expected[i]}, got {actual}");
        }
    }

    [Fact]
    public void Batch_scores_match_hand_computed_probabilities_and_leave_the_rest_untouched()
    {
        using var model = ModelTestFiles.LoadTiny();
        var (rows, expected) = ModelTestFiles.ReadExpectations(ModelTestFiles.TinyExpected, model.Metadata.Features);
        var flat = rows.SelectMany(r => r).ToArray();
        var probabilities = Enumerable.Repeat(-7f, rows.Length + 2).ToArray();

        model.Score(flat, rows.Length, probabilities);

        for (var i = 0; i < rows.Length; i++)
        {
            Assert.True(Math.Abs(probabilities[i] - expected[i]) <= Tolerance, $"row {i}: expected {expected[i]}, got {probabilities[i]}");
        }

        Assert.Equal(-7f, probabilities[^2]);
        Assert.Equal(-7f, probabilities[^1]);
    }

    [Fact]
    public void Batch_of_part_of_the_rows_and_empty_batch()
    {
        using var model = ModelTestFiles.LoadTiny();
        var (rows, expected) = ModelTestFiles.ReadExpectations(ModelTestFiles.TinyExpected, model.Metadata.Features);
        var probabilities = new float[3];

        model.Score(rows.Skip(4).Take(3).SelectMany(r => r).ToArray(), 3, probabilities);
        Assert.Equal(expected.Skip(4).Take(3).Select(p => (float)p), probabilities, (a, b) => Math.Abs(a - b) <= Tolerance);

        model.Score(ReadOnlySpan<float>.Empty, 0, Span<float>.Empty); // nothing to do, no error
    }

    [Fact]
    public void Model_with_dynamic_feature_dimension_scores_the_same()
    {
        using var model = new OnnxFraudModel(ModelTestFiles.TinyModelDynamic, ModelMetadata.Load(ModelTestFiles.TinyMetadata));
        var (rows, expected) = ModelTestFiles.ReadExpectations(ModelTestFiles.TinyExpected, model.Metadata.Features);

        Assert.All(Enumerable.Range(0, rows.Length), i => Assert.True(Math.Abs(model.Score(rows[i]) - expected[i]) <= Tolerance));
    }

    [Fact]
    public void Scores_through_the_IFraudModel_interface()
    {
        using var concrete = ModelTestFiles.LoadTiny();
        IFraudModel model = concrete;

        Assert.Equal(0.880797078, model.Score([250f, 10f, 0.7f]), Tolerance);
        Assert.Equal(0.075858180, model.Score([100f, 3f, 0.5f]), Tolerance); // thresholds are inclusive
    }
}
