using System.Diagnostics.Metrics;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Ingest;

namespace Fraud.Orleans.Silo.Pipeline;

/// <summary>
/// Decisions and their latencies as <see cref="FraudMeter"/> instruments. Latencies run from the Kafka record's
/// timestamp (the producer's clock), so they include the broker hop a payments API would see.
/// </summary>
public sealed class SignalMetrics : ISignalObserver
{
    /// <summary>Bucket bounds (ms) for the latency histograms: fine where our targets are (≤ 25 ms), coarse up to the 500 ms SLA and beyond.</summary>
    public static readonly double[] LatencyBucketsMs = [1, 2, 3, 5, 7.5, 10, 15, 20, 25, 50, 75, 100, 250, 500, 1000, 2500, 5000, 10000, 30000];

    public const string Decided = "fraud.transactions.decided";
    public const string DecisionLatency = "fraud.decision.latency";
    public const string DurableLatency = "fraud.signal.durable_latency";

    private static readonly KeyValuePair<string, object?>[] DecisionTags =
    [
        new("decision", "approve"),
        new("decision", "review"),
        new("decision", "block"),
    ];

    private readonly TimeProvider _time;
    private readonly Counter<long> _decided;
    private readonly Counter<long> _durable;
    private readonly Histogram<double> _decisionLatency;
    private readonly Histogram<double> _durableLatency;

    public SignalMetrics(IMeterFactory meters, TimeProvider time)
    {
        _time = time;
        var meter = meters.Create(FraudMeter.Name);
        _decided = meter.CreateCounter<long>(Decided, "{transaction}", "Transactions scored and decided, by decision");
        _durable = meter.CreateCounter<long>("fraud.signals.durable", "{signal}", "Signals written to DynamoDB");
        _decisionLatency = meter.CreateHistogram<double>(
            DecisionLatency, "ms", "From the record's timestamp to the decision", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBucketsMs });
        _durableLatency = meter.CreateHistogram<double>(
            DurableLatency, "ms", "From the record's timestamp to its signal being durable in DynamoDB",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBucketsMs });

        // Exported from the first measurement on: start at 0 so a scrape shows "none yet".
        foreach (var tag in DecisionTags)
        {
            _decided.Add(0, tag);
        }

        _durable.Add(0);
    }

    /// <summary>
    /// Whether a listener (one per silo: the console's figures, the CLI's observer) is looking at one of
    /// <paramref name="scope"/>'s instruments: several silos may share a process, each with its own meter factory.
    /// </summary>
    public static bool IsOwn(Instrument instrument, IMeterFactory scope) =>
        instrument.Meter.Name == FraudMeter.Name && ReferenceEquals(instrument.Meter.Scope, scope);

    /// <summary>The decision a measurement of <see cref="Decided"/> counts, from its tags.</summary>
    public static Decision DecisionOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "decision")
            {
                return tag.Value switch { "approve" => Decision.Approve, "review" => Decision.Review, _ => Decision.Block };
            }
        }

        return Decision.Block;
    }

    public void OnDecided(in FraudSignal signal, long traceTimeMs)
    {
        _decided.Add(1, DecisionTags[(int)signal.Decision]);
        _decisionLatency.Record(SinceMs(traceTimeMs));
    }

    public void OnDurable(in FraudSignal signal, long traceTimeMs)
    {
        _durable.Add(1);
        _durableLatency.Record(SinceMs(traceTimeMs));
    }

    private double SinceMs(long traceTimeMs) => Math.Max(0, _time.GetUtcNow().ToUnixTimeMilliseconds() - traceTimeMs);
}
