using BenchmarkDotNet.Attributes;
using Fraud.Orleans.Model;
using Fraud.Orleans.Silo.Drift;
using Fraud.Orleans.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fraud.Orleans.Benchmarks;

/// <summary>
/// The drift monitor's per-event cost: counting a scored row (24 features and the score) into the window's bins,
/// for a lone row and for a burst of 64; and one evaluation (PSI of every column), which runs per scrape or timer tick.
/// </summary>
[MemoryDiagnoser]
public class DriftBenchmarks
{
    private const int Burst = 64;
    private float[] _rows = null!;
    private float[] _scores = null!;
    private int _width;
    private DriftMonitor _monitor = null!;
    private ServiceProvider _meters = null!;
    private readonly SteppedClock _clock = new();

    [GlobalSetup]
    public void Setup()
    {
        using var model = ModelFiles.Load(ModelFiles.Resolve(new SiloOptions().ModelPath));
        _width = model.Metadata.Features.Count;
        _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        _monitor = new DriftMonitor(model, new DriftOptions(), _meters.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), _clock, new DriftLog(NullLogger<DriftLog>.Instance));
        var random = new Random(1);
        _rows = new float[Burst * _width];
        _scores = new float[Burst];
        var reference = model.Metadata.Drift!;
        for (var r = 0; r < Burst; r++)
        {
            for (var c = 0; c < _width; c++)
            {
                var edges = reference.Features[c].Edges;
                _rows[(r * _width) + c] = edges.Length == 0 ? 0 : edges[random.Next(edges.Length)] + (float)random.NextDouble();
            }

            _scores[r] = (float)random.NextDouble() * 0.01f;
        }

        // A full window, as a silo an hour after start has: the evaluation sums all 60 buckets.
        for (var minute = 0; minute < 60; minute++)
        {
            _clock.Now += TimeSpan.FromMinutes(1);
            _monitor.Observe(_rows, Burst, _scores);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _meters.Dispose();

    [Benchmark(Description = "drift: count one row")]
    public void ObserveOne() => _monitor.Observe(_rows.AsSpan(0, _width), 1, _scores.AsSpan(0, 1));

    [Benchmark(Description = "drift: count a burst of 64 rows", OperationsPerInvoke = Burst)]
    public void ObserveBurst() => _monitor.Observe(_rows, Burst, _scores);

    [Benchmark(Description = "drift: evaluate (PSI of 25 columns over 60 buckets)")]
    public DriftSnapshot Evaluate() => _monitor.Evaluate();

    private sealed class SteppedClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 5, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
