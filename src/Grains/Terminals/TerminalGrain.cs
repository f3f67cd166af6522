using Fraud.Orleans.GrainInterfaces;

namespace Fraud.Orleans.Grains.Terminals;

/// <summary>
/// One terminal: its transactions and its confirmed frauds by event time, and the risk a transaction at time t
/// sees through the label delay. Labels are counted by their transaction's event time, so a label may arrive
/// before or after its transaction's activity record; both are idempotent by transaction id. Not thread-safe:
/// its host gives it one call at a time.
/// </summary>
public sealed class TerminalGrain(long terminalId, TerminalRiskOptions options, TimeSpan allowedLateness)
{
    private const long Day = CardFeatureMath.MillisPerDay;

    private readonly EventTimeline _transactions = new();
    private readonly EventTimeline _frauds = new();
    private readonly long _delayMs = (long)options.LabelDelay.TotalMilliseconds;
    private readonly long _retentionMs =
        (long)(options.LabelDelay + TerminalRiskOptions.LongestWindow + allowedLateness + options.MaxScoringLag).TotalMilliseconds;
    private long _newestMs = long.MinValue;
    private long _droppedThroughMs = long.MinValue;

    public long TerminalId { get; } = terminalId;

    public int Transactions => _transactions.Count;

    public int Frauds => _frauds.Count;

    public bool RecordTransaction(long transactionId, long eventTimeMs) => Record(_transactions, transactionId, eventTimeMs);

    public bool RecordFraud(long transactionId, long eventTimeMs) => Record(_frauds, transactionId, eventTimeMs);

    /// <summary>False when history this transaction's windows need was already dropped: it is scored too far behind the feed.</summary>
    public bool Covers(long eventTimeMs) => eventTimeMs - _delayMs - (30 * Day) >= _droppedThroughMs;

    public TerminalRisk GetRisk(long eventTimeMs)
    {
        var through = eventTimeMs - _delayMs;
        return new TerminalRisk(
            _transactions.CountIn(through - Day, through), _frauds.CountIn(through - Day, through),
            _transactions.CountIn(through - 7 * Day, through), _frauds.CountIn(through - 7 * Day, through),
            _transactions.CountIn(through - 30 * Day, through), _frauds.CountIn(through - 30 * Day, through));
    }

    private bool Record(EventTimeline timeline, long transactionId, long eventTimeMs)
    {
        if (!timeline.TryAdd(eventTimeMs, transactionId))
        {
            return false;
        }

        if (eventTimeMs > _newestMs)
        {
            // Nothing at or before this falls in a window of a transaction the cards may still score.
            _newestMs = eventTimeMs;
            _droppedThroughMs = _newestMs - _retentionMs;
            _transactions.DropAtOrBefore(_droppedThroughMs);
            _frauds.DropAtOrBefore(_droppedThroughMs);
        }

        return true;
    }
}
