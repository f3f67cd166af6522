using Fraud.Orleans.GrainInterfaces;

namespace Fraud.Orleans.Grains;

/// <summary>
/// Computes a transaction's card features from the card's events that precede it in event time, so a late
/// transaction sees exactly the windows it would have seen had it arrived in order.
/// </summary>
public static class CardWindows
{
    private const long Day = CardFeatureMath.MillisPerDay;
    private const long TenMinutes = 600_000;
    private const long Hour = 3_600_000;

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
        };

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
            if (age >= 7 * Day)
            {
                continue;
            }

            e.Count7Days++;
            e.SumMinor7Days += p.AmountMinor;
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
