using System.Diagnostics.Metrics;
using Fraud.Orleans.Ingest;

namespace Fraud.Orleans.Silo.Cards;

/// <summary>
/// How often the ingest gateway's card grain calls leave the silo, as <see cref="FraudMeter"/> instruments with
/// running totals for the status endpoint and the load benchmark. Partition-affine placement should keep a card's
/// grain with the gateway that owns its partition; a call that crosses silos costs a network hop and, since a grain
/// takes transactions only at its own silo's epoch, always ends in a retry.
/// </summary>
/// <remarks>
/// A call is counted as crossing where it is known to cross, without a lookup per call: by the grain, when the
/// caller's epoch is not its own silo's (epochs are unique per claim, so the caller is another silo), and by the
/// gateway, when the call was addressed to a silo that is gone (<c>SiloUnavailableException</c>). A call that timed out
/// is not counted: it may have waited on this silo. The two halves are counted on different silos; their sum over the
/// cluster is what crossed.
/// </remarks>
public sealed class GrainCallMetrics
{
    private readonly Counter<long> _callsCounter;
    private readonly Counter<long> _remoteCounter;
    private long _calls;
    private long _remote;

    public GrainCallMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(FraudMeter.Name);
        _callsCounter = meter.CreateCounter<long>("fraud.grain_calls", "{call}", "Card grain calls made by this silo's ingest gateway (retries included)");
        _remoteCounter = meter.CreateCounter<long>(
            "fraud.grain_calls.remote", "{call}", "Gateway card grain calls that crossed silos: served here for another silo's gateway, or sent from here to a silo that is gone");
        _callsCounter.Add(0);
        _remoteCounter.Add(0);
    }

    public long Calls => Volatile.Read(ref _calls);

    public long Remote => Volatile.Read(ref _remote);

    internal void OnCall()
    {
        Interlocked.Increment(ref _calls);
        _callsCounter.Add(1);
    }

    internal void OnRemote()
    {
        Interlocked.Increment(ref _remote);
        _remoteCounter.Add(1);
    }
}
