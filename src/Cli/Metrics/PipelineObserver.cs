using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Silo.Pipeline;

namespace Fraud.Orleans.Cli.Metrics;

/// <summary>Collects decision and durable-signal latencies (from the record's timestamp) and decision counts.</summary>
public sealed class PipelineObserver(TimeProvider time) : ISignalObserver
{
    private readonly long[] _decisions = new long[3];

    public LatencyHistogram Decided { get; } = LatencyHistogram.Concurrent();

    public LatencyHistogram Durable { get; } = LatencyHistogram.Concurrent();

    private readonly LatencyHistogram.IntervalRecorder _recentDurable = LatencyHistogram.Interval();

    /// <summary>Durable latencies since the previous call: the live line shows the last second, not the whole run.</summary>
    public LatencyHistogram TakeRecentDurable() => _recentDurable.TakeInterval();

    public long Approved => Volatile.Read(ref _decisions[(int)Decision.Approve]);

    public long Reviewed => Volatile.Read(ref _decisions[(int)Decision.Review]);

    public long Blocked => Volatile.Read(ref _decisions[(int)Decision.Block]);

    public void OnDecided(in FraudSignal signal, long traceTimeMs)
    {
        Decided.RecordMs(NowMs() - traceTimeMs);
        Interlocked.Increment(ref _decisions[(int)signal.Decision]);
    }

    public void OnDurable(in FraudSignal signal, long traceTimeMs)
    {
        var latency = NowMs() - traceTimeMs;
        Durable.RecordMs(latency);
        _recentDurable.RecordMs(latency);
    }

    private double NowMs() => time.GetUtcNow().ToUnixTimeMilliseconds();
}
