using Fraud.Orleans.GrainInterfaces;

namespace Fraud.Orleans.Grains;

/// <summary>
/// Computes a transaction's card features from the card's events that precede it in event time, so a late
/// transaction sees exactly the windows it would have seen had it arrived in order.
/// </summary>
public static class CardWindows
{
    /// <summary>The furthest any card feature looks back: the amount history's 60 days (the handbook's windows reach 30).</summary>
    public const long LongestLookBackMs = 60 * Day;

    /// <summary>An earlier transaction whose R is above this counts in HighAmounts7Days (NBHI7).</summary>
    public const double HighRatio = 3;

    private const long Day = CardFeatureMath.MillisPerDay;
    private const long TenMinutes = 600_000;
    private const long Hour = 3_600_000;

    // The amount history leaves out the last week, so that a compromise's own recent amounts do not raise the baseline.
    private const long HistoryGapMs = 7 * Day;

    public static CardEvent Compute(CardState state, in Transaction tx, int insertionIndex)
    {
        var before = state.Events[..insertionIndex];
        var t = tx.EventTimeMs;
        var e = new CardEvent
        {
            TransactionId = tx.TransactionId,
            EventTimeMs = t,
            AmountMinor = tx.AmountMinor,
            TerminalId = tx.TerminalId,
            Count1Day = 1,
            Count7Days = 1,
            Count30Days = 1,
            SumMinor1Day = tx.AmountMinor,
            SumMinor7Days = tx.AmountMinor,
            SumMinor30Days = tx.AmountMinor,
            SecondsSincePrevious = before.IsEmpty
                ? FeatureSchema.NoPreviousTransaction
                : (t - before[^1].EventTimeMs) / 1000.0,
            Count10Minutes = 1,
            Count1Hour = 1,
            DistinctTerminals1Day = 1,
            FirstUseOfTerminal = true,
            MaxRatio14Days = CardPatterns.NoEarlierAmount,
            MaxZScore14Days = CardPatterns.NoZScore,
        };
        (e.AmountRatio, e.AmountZScore) = AgainstHistory(state, t, tx.AmountMinor);

        // Newest first: stop at the first event outside the 30-day window (t - 30 days, t].
        var first1Day = before.Length;
        for (var i = before.Length - 1; i >= 0; i--)
        {
            ref readonly var p = ref before[i];
            var age = t - p.EventTimeMs;
            if (age >= 30 * Day)
            {
                break;
            }

            e.Count30Days++;
            e.SumMinor30Days += p.AmountMinor;
            e.FirstUseOfTerminal &= p.TerminalId != tx.TerminalId;
            if (age >= 14 * Day)
            {
                continue;
            }

            // Each earlier event's own R and Z, as computed at its time.
            e.MaxRatio14Days = Math.Max(e.MaxRatio14Days, p.AmountRatio);
            e.MaxZScore14Days = Math.Max(e.MaxZScore14Days, p.AmountZScore);
            if (age >= 7 * Day)
            {
                continue;
            }

            e.Count7Days++;
            e.SumMinor7Days += p.AmountMinor;
            e.HighAmounts7Days += p.AmountRatio > HighRatio ? 1 : 0;
            if (age >= Day)
            {
                continue;
            }

            e.Count1Day++;
            e.SumMinor1Day += p.AmountMinor;
            first1Day = i;
            e.Count1Hour += age < Hour ? 1 : 0;
            e.Count10Minutes += age < TenMinutes ? 1 : 0;
        }

        e.DistinctTerminals1Day = DistinctTerminals(before[first1Day..], tx.TerminalId);
        return e;
    }

    /// <summary>
    /// R and Z of an amount at <paramref name="eventTimeMs"/> against the card's events with time in (t - 60 days, t - 7 days]
    /// (<see cref="CardPatterns"/>): running sums, no scan.
    /// </summary>
    public static (double Ratio, double ZScore) AgainstHistory(CardState state, long eventTimeMs, long amountMinor)
    {
        var (count, sum, squares) = state.AmountsIn(eventTimeMs - LongestLookBackMs, eventTimeMs - HistoryGapMs);
        return (CardFeatureMath.AmountToEarlierMean(amountMinor, count, sum), CardFeatureMath.ZScore(amountMinor, count, sum, squares));
    }

    // A day holds a handful of transactions, so a quadratic scan beats a set and allocates nothing.
    private static int DistinctTerminals(ReadOnlySpan<CardEvent> day, long currentTerminal)
    {
        var distinct = 1;
        for (var i = 0; i < day.Length; i++)
        {
            var terminal = day[i].TerminalId;
            if (terminal == currentTerminal)
            {
                continue;
            }

            var seenLater = false;
            for (var j = i + 1; j < day.Length && !seenLater; j++)
            {
                seenLater = day[j].TerminalId == terminal;
            }

            distinct += seenLater ? 0 : 1;
        }

        return distinct;
    }
}
