using Fraud.Orleans.Model;

namespace Fraud.Orleans.Tests.Model;

/// <summary>
/// Native memory is released: per model (load/dispose cycles) and per call (each run's bindings and values).
/// Runs alone: it reads resident memory.
/// </summary>
[Collection(NativeMemoryCollection.Name)]
public sealed class NativeReleaseTests
{
    [Fact]
    public void Loading_and_disposing_50_times_releases_every_native_object()
    {
        // The trained model's session holds ~3.5 MB of native memory: 50 unreleased ones would add ~175 MB
        // (measured), while 50 released ones leave a few MB of allocator noise. The tiny model is a weak fallback.
        var (onnx, metadata) = ModelTestFiles.TrainedModelExists
            ? (ModelTestFiles.TrainedModel, ModelTestFiles.TrainedMetadata)
            : (ModelTestFiles.TinyModel, ModelTestFiles.TinyMetadata);
        LoadAndDispose(onnx, metadata, 5); // create the process-wide env and memory info, warm allocator caches
        var rssBefore = ResidentBytes();

        LoadAndDispose(onnx, metadata, 50);

        var rssGrowth = ResidentBytes() - rssBefore;
        Assert.True(rssGrowth < 32 << 20, $"resident memory grew by {rssGrowth >> 10} KiB over 50 load/dispose cycles of {onnx}");
    }

    [Fact]
    public void Dispose_twice_is_harmless()
    {
        var model = ModelTestFiles.LoadTiny();
        model.Dispose();
        model.Dispose();
        Assert.Throws<ObjectDisposedException>(() => model.Score([1f, 2f, 3f]));
    }

    [Fact]
    public void Scoring_many_times_does_not_grow_native_memory()
    {
        using var model = ModelTestFiles.LoadTiny();
        float[] row = [150f, 1f, 0.2f];
        var probabilities = new float[4];
        float[] batch = [.. row, .. row, .. row, .. row];
        Score(model, row, batch, probabilities, 20_000);
        var before = ResidentBytes();

        Score(model, row, batch, probabilities, 200_000);

        var growth = ResidentBytes() - before;
        Assert.True(growth < 8 << 20, $"resident memory grew by {growth >> 10} KiB over 200,000 single and 200,000 batch scores");
    }

    private static void Score(OnnxFraudModel model, float[] row, float[] batch, float[] probabilities, int times)
    {
        for (var i = 0; i < times; i++)
        {
            model.Score(row);
            model.Score(batch, 4, probabilities);
        }
    }

    private static void LoadAndDispose(string onnx, string metadata, int times)
    {
        for (var i = 0; i < times; i++)
        {
            using var model = OnnxFraudModel.Load(onnx, metadata);
            Assert.InRange(model.Score(new float[model.Metadata.Features.Count]), 0f, 1f);
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    /// <summary>VmRSS of this process (Linux).</summary>
    private static long ResidentBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }
}
