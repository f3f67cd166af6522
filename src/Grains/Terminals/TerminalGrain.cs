using Fraud.Orleans.GrainInterfaces;

namespace Fraud.Orleans.Grains.Terminals;

/// <summary>
/// One terminal: its transactions and its confirmed frauds by event time, and the risk and fraud run a transaction
/// at time t sees through the label delay. Labels are counted by their transaction's event time, so a label may
/// arrive before or after its transaction's activity record; both are idempotent by transaction id. Not thread-safe:
/// its host gives it one call at a time.
/// </summary>
public sealed class TerminalGrain(long terminalId, TerminalRiskOptions options, TimeSpan allowedLateness)
{
    private const long Day = CardFeatureMath.MillisPerDay;

    private readonly EventTimeline _transactions = new();
    private readonly EventTimeline _frauds = new();
    private readonly long _delayMs = (long)options.LabelDelay.TotalMilliseconds;
    private readonly long _lookBackMs = (long)TerminalRiskOptions.LongestLookBack.TotalMilliseconds;
    private readonly long _retentionMs =
        (long)(options.LabelDelay + TerminalRiskOptions.LongestLookBack + allowedLateness + options.MaxScoringLag).TotalMilliseconds;
    private long _newestMs = long.MinValue;
    private long _droppedThroughMs = long.MinValue;

    public long TerminalId { get; } = terminalId;

    public int Transactions => _transactions.Count;

    public int Frauds => _frauds.Count;

    public bool RecordTransaction(long transactionId, long eventTimeMs) => Record(_transactions, transactionId, eventTimeMs);

    public bool RecordFraud(long transactionId, long eventTimeMs) => Record(_frauds, transactionId, eventTimeMs);

    /// <summary>False when history this transaction's windows need was already dropped: it is scored too far behind the feed.</summary>
    public bool Covers(long eventTimeMs) => eventTimeMs - _delayMs - _lookBackMs >= _droppedThroughMs;

    public TerminalRisk GetRisk(long eventTimeMs)
    {
        // Every window ends at t - d: its end is found once per timeline, each window costs one more search.
        var through = eventTimeMs - _delayMs;
        var transactions = _transactions.CountThrough(through);
        var frauds = _frauds.CountThrough(through);
        return new TerminalRisk(
            transactions - _transactions.CountThrough(through - Day), frauds - _frauds.CountThrough(through - Day),
            transactions - _transactions.CountThrough(through - (7 * Day)), frauds - _frauds.CountThrough(through - (7 * Day)),
            transactions - _transactions.CountThrough(through - (30 * Day)), frauds - _frauds.CountThrough(through - (30 * Day)),
            Run(eventTimeMs, through, transactions, frauds));
    }

    // Walks the labelled transactions, (through - 60 days, through], back from the newest while they are frauds: the
    // run's length is what it walked, the transaction it stopped at the latest genuine one. A terminal takes a handful
    // of transactions a day, so the walk is as long as a compromise (28 days in the handbook) at most.
    private TerminalRun Run(long eventTimeMs, long through, int transactionsThrough, int fraudsThrough)
    {
        var low = _transactions.CountThrough(through - _lookBackMs);
        var newest = transactionsThrough - 1;
        var fraud = fraudsThrough - 1;
        var k = newest;
        for (; k >= low; k--)
        {
            var tx = _transactions[k];
            while (fraud >= 0 && Precedes(tx, _frauds[fraud]))
            {
                fraud--; // a label without its transaction's activity record: not a labelled transaction
            }

            if (fraud < 0 || _frauds[fraud] != tx)
            {
                break;
            }

            fraud--;
        }

        var day = CardFeatureMath.DayOf(eventTimeMs);
        var runLength = newest - k;
        var runAgeDays = runLength == 0 ? TerminalRun.NoAge : (int)(day - CardFeatureMath.DayOf(_transactions[k + 1].TimeMs));
        if (k < low)
        {
            return new TerminalRun(runAgeDays, TerminalRun.NoAge, runLength, TerminalRun.NoAge);
        }

        var genuine = _transactions[k].TimeMs;
        var genuineAgeMs = eventTimeMs - genuine;
        return new TerminalRun(
            runAgeDays, (int)(day - CardFeatureMath.DayOf(genuine)), runLength,
            genuineAgeMs > _lookBackMs ? TerminalRun.NoAge : genuineAgeMs / 1000.0); // capped at 60 days, as researched
    }

    private static bool Precedes((long TimeMs, long Id) a, (long TimeMs, long Id) b) =>
        a.TimeMs < b.TimeMs || (a.TimeMs == b.TimeMs && a.Id < b.Id);

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
