using System.Diagnostics.Metrics;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Silo.Pipeline;

namespace Fraud.Orleans.Silo.LiveConsole;

/// <summary>
/// The live console's figures, read from the silo's own decision instruments (<see cref="SignalMetrics"/>, the ones
/// <c>/metrics</c> exports): decisions by kind and the decision latency in the same buckets as the exported histogram,
/// both cumulative since the silo started. The page takes differences between two reads for its rates and percentiles,
/// as a Prometheus query would, so the silo keeps no per-viewer state.
/// </summary>
public sealed class DecisionFigures : IDisposable
{
    private readonly IMeterFactory _scope;
    private readonly TimeProvider _time;
    private readonly MeterListener _listener;
    private readonly long[] _decisions = new long[3];

    // One count per bucket of SignalMetrics.LatencyBucketsMs (upper bounds, inclusive) plus one above the last.
    private readonly long[] _latency = new long[SignalMetrics.LatencyBucketsMs.Length + 1];

    /// <param name="scope">The silo's <see cref="IMeterFactory"/>: other silos in the process (tests) are not counted.</param>
    public DecisionFigures(IMeterFactory scope, TimeProvider time)
    {
        _scope = scope;
        _time = time;
        _listener = new MeterListener { InstrumentPublished = Subscribe };
        _listener.SetMeasurementEventCallback<long>(OnDecided);
        _listener.SetMeasurementEventCallback<double>(OnLatency);
        _listener.Start();
    }

    /// <summary>What the figures endpoint returns: a consistent enough read (each number exact, the set not atomic).</summary>
    public Snapshot Read()
    {
        var counts = new long[_latency.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = Volatile.Read(ref _latency[i]);
        }

        return new Snapshot(
            _time.GetUtcNow().ToUnixTimeMilliseconds(),
            new Decisions(Count(Decision.Approve), Count(Decision.Review), Count(Decision.Block)),
            new Latency(SignalMetrics.LatencyBucketsMs, counts));
    }

    public void Dispose() => _listener.Dispose();

    private long Count(Decision decision) => Volatile.Read(ref _decisions[(int)decision]);

    private void Subscribe(Instrument instrument, MeterListener listener)
    {
        if (SignalMetrics.IsOwn(instrument, _scope) && instrument.Name is SignalMetrics.Decided or SignalMetrics.DecisionLatency)
        {
            listener.EnableMeasurementEvents(instrument);
        }
    }

    private void OnDecided(Instrument instrument, long measurement, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state) =>
        Interlocked.Add(ref _decisions[(int)SignalMetrics.DecisionOf(tags)], measurement);

    private void OnLatency(Instrument instrument, double measurement, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        // The first bound at or above the measurement, as Prometheus' "le" buckets count it.
        var bucket = Array.BinarySearch(SignalMetrics.LatencyBucketsMs, measurement);
        Interlocked.Increment(ref _latency[bucket >= 0 ? bucket : ~bucket]);
    }

    /// <param name="AtMs">When it was read (Unix ms, the silo's clock).</param>
    public sealed record Snapshot(long AtMs, Decisions Decided, Latency LatencyMs);

    public sealed record Decisions(long Approve, long Review, long Block);

    /// <param name="Bounds">Upper bounds of the buckets in ms; <paramref name="Counts"/> has one more, for the latencies above the last.</param>
    public sealed record Latency(IReadOnlyList<double> Bounds, IReadOnlyList<long> Counts);
}
