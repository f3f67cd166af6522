namespace Fraud.Orleans.Ingest;

/// <summary>Counters of the gateway, read by the demo's live line and by tests.</summary>
public sealed class IngestMetrics
{
    private long _consumed;
    private long _deadLettered;
    private long _committed;
    private long _terminalHistoryIncomplete;

    public long Consumed => Volatile.Read(ref _consumed);

    public long DeadLettered => Volatile.Read(ref _deadLettered);

    /// <summary>Sum over partitions of committed offsets moved forward.</summary>
    public long CommittedRecords => Volatile.Read(ref _committed);

    /// <summary>Transactions scored after waiting the longest allowed for the terminal feed, which was still not complete.</summary>
    public long TerminalHistoryIncomplete => Volatile.Read(ref _terminalHistoryIncomplete);

    internal void OnTerminalHistoryIncomplete() => Interlocked.Increment(ref _terminalHistoryIncomplete);

    internal void OnConsumed() => Interlocked.Increment(ref _consumed);

    internal void OnDeadLettered() => Interlocked.Increment(ref _deadLettered);

    internal void OnCommitted(long records) => Interlocked.Add(ref _committed, records);
}
