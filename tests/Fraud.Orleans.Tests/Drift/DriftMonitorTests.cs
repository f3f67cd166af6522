using System.Diagnostics.Metrics;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Model;
using Fraud.Orleans.Silo.Drift;
using Fraud.Orleans.Tests.Model;
using Fraud.Orleans.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Fraud.Orleans.Tests.Drift;

/// <summary>
/// The drift monitor on the shipped model's training bins: a stream drawn from the training distribution shows no
/// drift, amounts ×5 do (and warn once), the window forgets what slid out of it, counting allocates nothing.
/// </summary>
public sealed class DriftMonitorTests : IDisposable
{
    private const int Rows = 20_000;
    private static readonly ModelMetadata Trained = ModelMetadata.Load(ModelTestFiles.TrainedMetadata);
    private static readonly int Amount = Trained.Features.ToList().IndexOf("TX_AMOUNT");

    private readonly CapturingLoggerProvider _logs = new();
    private readonly ILoggerFactory _loggers;
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 1, 5, 12, 0, 30, TimeSpan.Zero));

    public DriftMonitorTests()
    {
        _loggers = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Debug));
    }

    public void Dispose() => _loggers.Dispose();

    [Fact]
    public void A_stream_drawn_from_the_training_distribution_shows_no_drift()
    {
        var monitor = NewMonitor();
        var (rows, scores) = Draw(new Random(1), Rows);
        monitor.Observe(rows, Rows, scores);

        var snapshot = monitor.Evaluate();
        Assert.Equal(Rows, snapshot.Events);
        Assert.All(snapshot.Columns.Zip(snapshot.Psi), c => Assert.True(c.Second < 0.1, $"{c.First}: PSI {c.Second:F4}"));
        Assert.DoesNotContain(_logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal));
    }

    [Fact]
    public void Amounts_five_times_larger_cross_the_threshold_and_warn_once_per_crossing()
    {
        var monitor = NewMonitor();
        var random = new Random(2);
        var (rows, scores) = Draw(random, Rows);
        monitor.Observe(rows, Rows, scores);
        Assert.True(monitor.Evaluate().PsiOf("TX_AMOUNT") < 0.1);

        // A window later, only shifted traffic is in it.
        _clock.Advance(TimeSpan.FromHours(1));
        (rows, scores) = Draw(random, Rows);
        for (var r = 0; r < Rows; r++)
        {
            rows[(r * Trained.Features.Count) + Amount] *= 5;
        }

        monitor.Observe(rows, Rows, scores);
        var shifted = monitor.Evaluate();
        monitor.Evaluate();
        _clock.Advance(TimeSpan.FromMinutes(1));
        monitor.Evaluate();

        Assert.True(shifted.PsiOf("TX_AMOUNT") > 0.2, $"TX_AMOUNT PSI {shifted.PsiOf("TX_AMOUNT"):F3}");
        Assert.All(shifted.Columns.Zip(shifted.Psi).Where(c => c.First != "TX_AMOUNT"), c => Assert.True(c.Second < 0.1, $"{c.First}: PSI {c.Second:F4}"));
        var warning = Assert.Single(_logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal));
        Assert.Contains("TX_AMOUNT PSI", warning, StringComparison.Ordinal);

        // Back to normal: one line saying so, and a new shift would warn again.
        _clock.Advance(TimeSpan.FromHours(1));
        (rows, scores) = Draw(random, Rows);
        monitor.Observe(rows, Rows, scores);
        Assert.True(monitor.Evaluate().PsiOf("TX_AMOUNT") < 0.1);
        Assert.Single(_logs.Lines, line => line.Contains("TX_AMOUNT PSI", StringComparison.Ordinal) && line.Contains("back at or below", StringComparison.Ordinal));
    }

    [Fact]
    public void The_window_slides_by_whole_buckets()
    {
        var monitor = NewMonitor(minEvents: 1);
        var (rows, scores) = Draw(new Random(3), 300);
        monitor.Observe(rows, 100, scores);
        _clock.Advance(TimeSpan.FromMinutes(30));
        monitor.Observe(rows, 200, scores);
        Assert.Equal(300, monitor.Evaluate().Events);

        _clock.Advance(TimeSpan.FromMinutes(30)); // the first bucket is now an hour old: out
        Assert.Equal(200, monitor.Evaluate().Events);
        _clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(0, monitor.Evaluate().Events);
    }

    [Fact]
    public void A_burst_counts_as_its_rows_one_by_one()
    {
        var (rows, scores) = Draw(new Random(8), 2_000);
        var burst = NewMonitor(minEvents: 1);
        burst.Observe(rows, 2_000, scores);
        var single = NewMonitor(minEvents: 1);
        var width = Trained.Features.Count;
        for (var r = 0; r < 2_000; r++)
        {
            single.Observe(rows.AsSpan(r * width, width), 1, scores.AsSpan(r, 1));
        }

        var (a, b) = (burst.Evaluate(), single.Evaluate());
        Assert.Equal(2_000, a.Events);
        Assert.Equal(a.Psi, b.Psi);
        Assert.Equal(a.ScoreShares, b.ScoreShares);
    }

    [Fact]
    public void Below_the_minimum_window_nothing_is_reported_or_warned()
    {
        var monitor = NewMonitor(minEvents: 1000);
        var (rows, scores) = Draw(new Random(4), 999);
        for (var r = 0; r < 999; r++)
        {
            rows[(r * Trained.Features.Count) + Amount] *= 50;
        }

        monitor.Observe(rows, 999, scores);
        var snapshot = monitor.Evaluate();
        Assert.Equal(999, snapshot.Events);
        Assert.All(snapshot.Psi, psi => Assert.True(double.IsNaN(psi)));
        Assert.DoesNotContain(_logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_timer_warns_without_anyone_scraping()
    {
        var options = new DriftOptions { MinEvents = 100, EvaluateEvery = TimeSpan.FromMilliseconds(20) };
        var monitor = new DriftMonitor(new MetadataOnly(Trained), options, TestMeters.NewFactory(), TimeProvider.System, new DriftLog(_loggers.CreateLogger<DriftLog>()));
        var (rows, scores) = Draw(new Random(9), 1_000);
        for (var r = 0; r < 1_000; r++)
        {
            rows[(r * Trained.Features.Count) + Amount] *= 5;
        }

        monitor.Observe(rows, 1_000, scores);
        using var evaluation = new DriftEvaluation(monitor, options, TimeProvider.System);
        await evaluation.StartAsync(CancellationToken.None);
        try
        {
            await Eventually.WaitUntilAsync(
                () => _logs.Lines.Any(line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("TX_AMOUNT PSI", StringComparison.Ordinal)),
                TimeSpan.FromSeconds(30),
                () => $"no warning; logged: {string.Join(" / ", _logs.Lines)}");
        }
        finally
        {
            await evaluation.StopAsync(CancellationToken.None);
        }

        Assert.Single(_logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("TX_AMOUNT PSI", StringComparison.Ordinal));
    }

    [Fact]
    public void A_model_without_drift_bins_turns_monitoring_off_with_an_information_line()
    {
        using var tiny = ModelTestFiles.LoadTiny();
        var monitor = new DriftMonitor(tiny, new DriftOptions(), TestMeters.NewFactory(), _clock, new DriftLog(_loggers.CreateLogger<DriftLog>()));

        Assert.False(monitor.IsEnabled);
        Assert.Same(tiny, DriftObservedModel.Wrap(tiny, monitor));
        Assert.Contains(_logs.Lines, line => line.StartsWith("Information", StringComparison.Ordinal) && line.Contains("Drift monitoring is off", StringComparison.Ordinal) && line.Contains("no drift section", StringComparison.Ordinal));
        monitor.Observe(new float[3], 1, [0.5f]);
        Assert.Equal(0, monitor.Evaluate().Events);
    }

    [Fact]
    public void The_observed_model_hands_every_scored_row_and_its_score_over()
    {
        var model = SharedModel.Instance;
        var monitor = new DriftMonitor(model, new DriftOptions { MinEvents = 1 }, TestMeters.NewFactory(), _clock, new DriftLog(_loggers.CreateLogger<DriftLog>()));
        var observed = DriftObservedModel.Wrap(model, monitor);
        Assert.IsType<DriftObservedModel>(observed);

        var (rows, _) = Draw(new Random(5), 50);
        var probabilities = new float[50];
        observed.Score(rows, 50, probabilities);
        var single = observed.Score(rows.AsSpan(0, model.Metadata.Features.Count));

        Assert.Equal(probabilities[0], single);
        Assert.Equal(51, monitor.Evaluate().Events);
    }

    [Fact]
    public void Counting_allocates_nothing()
    {
        var monitor = NewMonitor();
        var (rows, scores) = Draw(new Random(6), 1000);
        monitor.Observe(rows, 1000, scores); // warm-up: JIT, the current bucket

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++)
        {
            monitor.Observe(rows, 1000, scores);
            monitor.Observe(rows.AsSpan(0, Trained.Features.Count), 1, scores.AsSpan(0, 1));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(11_010, monitor.Evaluate().Events);
    }

    [Fact]
    public void Psi_and_score_shares_are_exported_as_gauges()
    {
        var meters = TestMeters.NewFactory();
        var monitor = new DriftMonitor(new MetadataOnly(Trained), new DriftOptions { MinEvents = 100 }, meters, _clock, new DriftLog(_loggers.CreateLogger<DriftLog>()));
        var (rows, scores) = Draw(new Random(7), 500);
        monitor.Observe(rows, 500, scores);

        var measured = new List<(string Instrument, double Value, string Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == FraudMeter.Name && ReferenceEquals(instrument.Meter.Scope, meters))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
            measured.Add((instrument.Name, value, string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}")))));
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => measured.Add((instrument.Name, value, string.Empty)));
        listener.Start();
        listener.RecordObservableInstruments();

        Assert.Equal(Trained.Features.Count + 1, measured.Count(m => m.Instrument == "fraud.drift.psi"));
        Assert.Contains(measured, m => m.Instrument == "fraud.drift.psi" && m.Tags == "feature=TX_AMOUNT");
        Assert.Contains(measured, m => m.Instrument == "fraud.drift.psi" && m.Tags == "feature=score");
        var bins = Trained.Drift!.Score.BinCount;
        Assert.Equal(1.0, measured.Where(m => m.Instrument == "fraud.drift.score_share" && m.Tags.EndsWith("population=window", StringComparison.Ordinal)).Sum(m => m.Value), 9);
        Assert.Equal(2 * bins, measured.Count(m => m.Instrument == "fraud.drift.score_share"));
        Assert.Contains(measured, m => m.Instrument == "fraud.drift.window_transactions" && m.Value == 500);
    }

    private DriftMonitor NewMonitor(int minEvents = 1000) =>
        new(new MetadataOnly(Trained), new DriftOptions { MinEvents = minEvents }, TestMeters.NewFactory(), _clock, new DriftLog(_loggers.CreateLogger<DriftLog>()));

    /// <summary>
    /// Rows whose every feature, and whose score, is drawn independently from its training bins: a bin by its
    /// training share, then a value uniformly inside it (the outer bins reach one neighbouring bin's width out).
    /// </summary>
    private static (float[] Rows, float[] Scores) Draw(Random random, int count)
    {
        var drift = Trained.Drift!;
        var width = drift.Features.Count;
        var rows = new float[count * width];
        var scores = new float[count];
        for (var r = 0; r < count; r++)
        {
            for (var c = 0; c < width; c++)
            {
                rows[(r * width) + c] = DrawFrom(random, drift.Features[c]);
            }

            scores[r] = DrawFrom(random, drift.Score);
        }

        return (rows, scores);
    }

    private static float DrawFrom(Random random, DriftBins bins)
    {
        var u = random.NextDouble();
        var bin = 0;
        var cumulative = bins.Shares[0];
        while (bin < bins.Shares.Length - 1 && u >= cumulative)
        {
            cumulative += bins.Shares[++bin];
        }

        var edges = bins.Edges;
        if (edges.Length == 0)
        {
            return 0;
        }

        var step = edges.Length > 1 ? edges[1] - edges[0] : 1;
        var lower = bin == 0 ? edges[0] - step : edges[bin - 1];
        var upper = bin == edges.Length ? edges[^1] + (edges.Length > 1 ? edges[^1] - edges[^2] : 1) : edges[bin];
        var value = (float)(lower + (random.NextDouble() * (upper - lower)));
        return value < upper ? value : lower; // float rounding must not carry a value into the next bin
    }

    /// <summary>A model that only has metadata: the monitor reads nothing else.</summary>
    private sealed class MetadataOnly(ModelMetadata metadata) : IFraudModel
    {
        public ModelMetadata Metadata => metadata;

        public Fraud.Orleans.Model.Explanations.ModelExplainer? Explainer => null;

        public float Score(ReadOnlySpan<float> features) => throw new NotSupportedException();

        public void Score(ReadOnlySpan<float> rows, int rowCount, Span<float> probabilities) => throw new NotSupportedException();
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private long _ticks = start.UtcTicks;

        public override DateTimeOffset GetUtcNow() => new(Volatile.Read(ref _ticks), TimeSpan.Zero);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
