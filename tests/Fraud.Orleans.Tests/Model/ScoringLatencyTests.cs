using System.Diagnostics;
using Fraud.Orleans.Model;
using Xunit.Abstractions;

namespace Fraud.Orleans.Tests.Model;

/// <summary>Informative per-call latency (printed), with a loose bound that only a broken binding would miss.</summary>
[Collection(NativeMemoryCollection.Name)] // alone, so other tests do not skew the numbers
public sealed class ScoringLatencyTests(ITestOutputHelper output)
{
    [Fact]
    public void Single_row_latency_over_100k_calls()
    {
        var trained = ModelTestFiles.TrainedModelExists;
        using var model = trained
            ? OnnxFraudModel.Load(ModelTestFiles.TrainedModel, ModelTestFiles.TrainedMetadata)
            : ModelTestFiles.LoadTiny();
        var rows = ConcurrentScoringTests.RandomRows(model.Metadata.Features.Count, 1024, seed: 3);
        const int calls = 100_000;
        var ticks = new long[calls];
        var sink = 0f;
        for (var i = 0; i < 5_000; i++)
        {
            sink += model.Score(rows[i % rows.Length]);
        }

        var total = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++)
        {
            var start = Stopwatch.GetTimestamp();
            sink += model.Score(rows[i % rows.Length]);
            ticks[i] = Stopwatch.GetTimestamp() - start;
        }

        total.Stop();
        Array.Sort(ticks);
        double Micros(long t) => t * 1e6 / Stopwatch.Frequency;
        var mean = total.Elapsed.TotalMicroseconds / calls;
        output.WriteLine(
            $"{(trained ? "trained" : "tiny")} model, ORT {OnnxFraudModel.RuntimeVersion}: {calls:N0} single-row scores, mean {mean:F2} µs, " +
            $"p50 {Micros(ticks[calls / 2]):F2} µs, p99 {Micros(ticks[calls * 99 / 100]):F2} µs, max {Micros(ticks[^1]):F1} µs (sink {sink:F1})");

        Assert.True(mean < 1_000, $"mean {mean:F1} µs per call");
    }
}
