using System.Diagnostics.Metrics;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Silo.Pipeline;

namespace Fraud.Orleans.Cli.Metrics;

/// <summary>
/// Reads one silo's decision and durable-signal instruments (the ones exported at <c>/metrics</c>) into
/// histograms with exact percentiles, so the demo's and the replay's lines show the same measurements.
/// </summary>
public sealed class PipelineObserver : IDisposable
{
    private readonly IMeterFactory _scope;
    private readonly MeterListener _listener;
    private readonly long[] _decisions = new long[3];
    private readonly LatencyHistogram.IntervalRecorder _recentDurable = LatencyHistogram.Interval();

    /// <param name="scope">The silo's <see cref="IMeterFactory"/>: other silos in the process (tests) are not counted.</param>
    public PipelineObserver(IMeterFactory scope)
    {
        _scope = scope;
        _listener = new MeterListener { InstrumentPublished = Subscribe };
        _listener.SetMeasurementEventCallback<long>(OnCount);
        _listener.SetMeasurementEventCallback<double>(OnLatency);
        _listener.Start();
    }

    public LatencyHistogram Decided { get; } = LatencyHistogram.Concurrent();

    public LatencyHistogram Durable { get; } = LatencyHistogram.Concurrent();

    public long Approved => Volatile.Read(ref _decisions[(int)Decision.Approve]);

    public long Reviewed => Volatile.Read(ref _decisions[(int)Decision.Review]);

    public long Blocked => Volatile.Read(ref _decisions[(int)Decision.Block]);

    /// <summary>Durable latencies since the previous call: the live line shows the last second, not the whole run.</summary>
    public LatencyHistogram TakeRecentDurable() => _recentDurable.TakeInterval();

    public void Dispose() => _listener.Dispose();

    private void Subscribe(Instrument instrument, MeterListener listener)
    {
        if (SignalMetrics.IsOwn(instrument, _scope) && instrument.Name is SignalMetrics.Decided or SignalMetrics.DecisionLatency or SignalMetrics.DurableLatency)
        {
            listener.EnableMeasurementEvents(instrument);
        }
    }

    private void OnCount(Instrument instrument, long measurement, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state) =>
        Interlocked.Add(ref _decisions[(int)SignalMetrics.DecisionOf(tags)], measurement);

    private void OnLatency(Instrument instrument, double measurement, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        if (instrument.Name == SignalMetrics.DecisionLatency)
        {
            Decided.RecordMs(measurement);
        }
        else
        {
            Durable.RecordMs(measurement);
            _recentDurable.RecordMs(measurement);
        }
    }
}
