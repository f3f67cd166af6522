using Fraud.Orleans.Model;

namespace Fraud.Orleans.Tests.Model;

/// <summary>Bad files and bad calls give exceptions that say what is wrong and where.</summary>
public sealed class ModelLoadErrorTests
{
    private static ModelMetadata TinyMetadata => ModelMetadata.Load(ModelTestFiles.TinyMetadata);

    [Fact]
    public void Missing_model_file()
    {
        using var temp = ModelTestFiles.CreateTempFolder();
        var path = temp.File("absent.onnx");

        var error = Assert.Throws<FileNotFoundException>(() => OnnxFraudModel.Load(path, ModelTestFiles.TinyMetadata));
        Assert.Equal(path, error.FileName);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_metadata_file()
    {
        using var temp = ModelTestFiles.CreateTempFolder();
        var path = temp.File("absent.json");

        var error = Assert.Throws<FileNotFoundException>(() => OnnxFraudModel.Load(ModelTestFiles.TinyModel, path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Garbage_file_is_reported_with_ORTs_reason()
    {
        using var temp = ModelTestFiles.CreateTempFolder();
        var path = temp.File("garbage.onnx");
        File.WriteAllBytes(path, [.. Enumerable.Range(0, 4096).Select(i => (byte)((i * 7919) ^ (i >> 3)))]);

        var error = Assert.Throws<InvalidDataException>(() => new OnnxFraudModel(path, TinyMetadata));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot load", error.Message, StringComparison.Ordinal);
        var inner = Assert.IsType<Microsoft.ML.OnnxRuntime.OnnxRuntimeException>(error.InnerException);
        Assert.False(string.IsNullOrWhiteSpace(inner.Message));
    }

    [Fact]
    public void Empty_file_is_reported()
    {
        using var temp = ModelTestFiles.CreateTempFolder();
        var path = temp.File("empty.onnx");
        File.WriteAllBytes(path, []);

        var error = Assert.Throws<InvalidDataException>(() => new OnnxFraudModel(path, TinyMetadata));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Metadata_listing_more_features_than_the_model_takes()
    {
        var metadata = TinyMetadata with { Features = ["amount", "count_1h", "risk", "extra"] };

        var error = Assert.Throws<InvalidDataException>(() => new OnnxFraudModel(ModelTestFiles.TinyModel, metadata));
        Assert.Contains("takes 3 features but the metadata lists 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Metadata_listing_fewer_features_than_a_dynamic_input_needs_fails_the_trial_run()
    {
        var metadata = TinyMetadata with { Features = ["amount", "count_1h"] };

        var error = Assert.Throws<InvalidDataException>(() => new OnnxFraudModel(ModelTestFiles.TinyModelDynamic, metadata));
        Assert.Contains("trial run on one row of 2 features failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Model_without_a_two_column_probabilities_output()
    {
        var error = Assert.Throws<InvalidDataException>(() => new OnnxFraudModel(ModelTestFiles.WrongOutputModel, TinyMetadata));
        Assert.Contains("'probabilities': float[?,3]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_metadata_is_refused()
    {
        var metadata = TinyMetadata with { Features = [] };
        Assert.Throws<ArgumentException>(() => new OnnxFraudModel(ModelTestFiles.TinyModel, metadata));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(4)]
    public void Scoring_a_row_of_the_wrong_length(int length)
    {
        using var model = ModelTestFiles.LoadTiny();

        var error = Assert.Throws<ArgumentException>(() => model.Score(new float[length]));
        Assert.Contains($"Expected 3 features (amount, count_1h, risk), got {length}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scoring_a_batch_with_inconsistent_lengths()
    {
        using var model = ModelTestFiles.LoadTiny();

        Assert.Throws<ArgumentException>(() => model.Score(new float[7], 2, new float[2]));     // 7 != 2 x 3
        Assert.Throws<ArgumentException>(() => model.Score(new float[6], 2, new float[1]));     // no room for 2
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Score(new float[6], -1, new float[2]));
    }

    [Fact]
    public void Scoring_after_dispose()
    {
        var model = ModelTestFiles.LoadTiny();
        model.Dispose();

        Assert.Throws<ObjectDisposedException>(() => model.Score([1f, 2f, 3f]));
        Assert.Throws<ObjectDisposedException>(() => model.Score([1f, 2f, 3f], 1, new float[1]));
    }
}
