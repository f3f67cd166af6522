using System.Diagnostics.Metrics;

namespace Fraud.Orleans.Ingest;

/// <summary>
/// The gateway's counters as <see cref="FraudMeter"/> instruments (exported at <c>/metrics</c>), with running totals
/// kept beside them for the silo's status endpoint and for tests that need a number without a listener.
/// </summary>
public sealed class IngestMetrics
{
    private readonly Counter<long> _consumedCounter;
    private readonly Counter<long> _deadLetteredCounter;
    private readonly Counter<long> _committedCounter;
    private readonly Counter<long> _terminalHistoryIncompleteCounter;
    private readonly Counter<long> _fencedRejoinsCounter;
    private long _consumed;
    private long _deadLettered;
    private long _committed;
    private long _terminalHistoryIncomplete;
    private long _fencedRejoins;

    public IngestMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(FraudMeter.Name);
        _consumedCounter = meter.CreateCounter<long>("fraud.transactions.consumed", "{transaction}", "Records taken from the transactions topic");
        _deadLetteredCounter = meter.CreateCounter<long>("fraud.transactions.dead_lettered", "{transaction}", "Records sent to the dead-letter topic");
        _committedCounter = meter.CreateCounter<long>("fraud.offsets.committed", "{record}", "Records whose offsets were committed (their signals and card state durable)");
        _terminalHistoryIncompleteCounter = meter.CreateCounter<long>(
            "fraud.terminal_history.incomplete", "{transaction}", "Transactions scored after the longest label wait with the terminal feed still incomplete");

        _fencedRejoinsCounter = meter.CreateCounter<long>(
            "fraud.partitions.fenced_rejoins", "{rejoin}", "Times the gateway left and rejoined the group because a partition it dropped as fenced stayed assigned to it");

        // A counter is exported from its first measurement on: start each at 0 so a scrape shows "none yet", not "unknown".
        _consumedCounter.Add(0);
        _deadLetteredCounter.Add(0);
        _committedCounter.Add(0);
        _terminalHistoryIncompleteCounter.Add(0);
        _fencedRejoinsCounter.Add(0);
    }

    public long Consumed => Volatile.Read(ref _consumed);

    public long DeadLettered => Volatile.Read(ref _deadLettered);

    /// <summary>Sum over partitions of committed offsets moved forward.</summary>
    public long CommittedRecords => Volatile.Read(ref _committed);

    /// <summary>Transactions scored after waiting the longest allowed for the terminal feed, which was still not complete.</summary>
    public long TerminalHistoryIncomplete => Volatile.Read(ref _terminalHistoryIncomplete);

    /// <summary>Rejoins of the group made because a fenced partition was still assigned here (see <see cref="KafkaIngestOptions.FencedRejoinAfter"/>).</summary>
    public long FencedRejoins => Volatile.Read(ref _fencedRejoins);

    internal void OnFencedRejoin()
    {
        Interlocked.Increment(ref _fencedRejoins);
        _fencedRejoinsCounter.Add(1);
    }

    internal void OnTerminalHistoryIncomplete()
    {
        Interlocked.Increment(ref _terminalHistoryIncomplete);
        _terminalHistoryIncompleteCounter.Add(1);
    }

    internal void OnConsumed()
    {
        Interlocked.Increment(ref _consumed);
        _consumedCounter.Add(1);
    }

    /// <summary>Counts a dead letter under its <see cref="DeadLetterReason"/> code (a closed set: never a value from the record).</summary>
    internal void OnDeadLettered(string code)
    {
        Interlocked.Increment(ref _deadLettered);
        _deadLetteredCounter.Add(1, new KeyValuePair<string, object?>("reason", code));
    }

    internal void OnCommitted(long records)
    {
        Interlocked.Add(ref _committed, records);
        _committedCounter.Add(records);
    }
}
