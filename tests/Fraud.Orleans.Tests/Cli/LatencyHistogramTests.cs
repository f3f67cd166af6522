using Fraud.Orleans.Cli.Metrics;

namespace Fraud.Orleans.Tests.Cli;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void Percentiles_of_a_uniform_distribution_are_exact_to_a_tenth_of_a_percent()
    {
        var histogram = LatencyHistogram.SingleThreaded();
        for (long micros = 1; micros <= 1_000_000; micros++)
        {
            histogram.RecordMicros(micros);
        }

        Assert.Equal(1_000_000, histogram.Count);
        AssertClose(500, histogram.PercentileMs(0.5));
        AssertClose(990, histogram.PercentileMs(0.99));
        AssertClose(999, histogram.PercentileMs(0.999));
        AssertClose(1000, histogram.MaxMs);
    }

    [Fact]
    public void Percentiles_of_a_long_tailed_distribution_match_the_sorted_values()
    {
        // Log-normal latencies around 2 ms with a tail into seconds, like produce→durable under load.
        var random = new Random(11);
        var values = new long[200_000];
        var histogram = LatencyHistogram.SingleThreaded();
        for (var i = 0; i < values.Length; i++)
        {
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            values[i] = Math.Max(1, (long)Math.Exp(Math.Log(2_000) + (1.2 * normal)));
            histogram.RecordMicros(values[i]);
        }

        Array.Sort(values);
        foreach (var q in new[] { 0.5, 0.9, 0.99, 0.999, 0.9999 })
        {
            var exact = values[(int)Math.Ceiling(q * values.Length) - 1] / 1000.0;
            AssertClose(exact, histogram.PercentileMs(q));
        }

        AssertClose(values[^1] / 1000.0, histogram.MaxMs);
    }

    [Fact]
    public void An_empty_histogram_reports_zero()
    {
        var histogram = LatencyHistogram.Concurrent();

        Assert.Equal(0, histogram.Count);
        Assert.Equal(0, histogram.PercentileMs(0.99));
        Assert.Equal(0, histogram.MaxMs);
    }

    [Fact]
    public void Latencies_beyond_the_ceiling_count_as_exactly_the_ceiling()
    {
        var histogram = LatencyHistogram.SingleThreaded();
        histogram.RecordMicros(1_000);
        histogram.RecordMicros(250_000_000);
        histogram.RecordMicros(LatencyHistogram.CeilingMicros);
        histogram.RecordMs(-5);

        Assert.Equal(4, histogram.Count);
        Assert.Equal(100_000, histogram.MaxMs);
        Assert.Equal(100_000, histogram.PercentileMs(0.99));
        Assert.Equal(0.001, histogram.PercentileMs(0.25));
    }

    [Fact]
    public async Task Concurrent_recording_loses_no_value()
    {
        var histogram = LatencyHistogram.Concurrent();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (var i = 1; i <= 50_000; i++)
            {
                histogram.RecordMicros((t * 50_000) + i);
            }
        })));

        Assert.Equal(200_000, histogram.Count);
        AssertClose(100, histogram.PercentileMs(0.5));
        AssertClose(200, histogram.MaxMs);
    }

    [Fact]
    public void An_interval_holds_only_what_was_recorded_since_the_previous_one()
    {
        var recorder = LatencyHistogram.Interval();
        recorder.RecordMs(10);
        recorder.RecordMs(20);

        var first = recorder.TakeInterval();
        recorder.RecordMs(300);
        var second = recorder.TakeInterval();

        Assert.Equal(2, first.Count);
        AssertClose(20, first.MaxMs);
        Assert.Equal(1, second.Count);
        AssertClose(300, second.PercentileMs(0.5));
        Assert.Equal(0, recorder.TakeInterval().Count);
    }

    /// <summary>Never below the true value, at most 0.1% above it (3 significant digits).</summary>
    private static void AssertClose(double expectedMs, double actualMs)
    {
        Assert.InRange(actualMs, expectedMs, expectedMs * 1.001);
    }
}
