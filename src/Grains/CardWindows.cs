using Fraud.Orleans.GrainInterfaces;

namespace Fraud.Orleans.Grains;

/// <summary>
/// Computes a transaction's window features from the card's events that precede it in event time, so a late
/// transaction sees exactly the windows it would have seen had it arrived in order.
/// </summary>
public static class CardWindows
{
    private const long Day = CardFeatureMath.MillisPerDay;

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
        };

        // Newest first: stop at the first event outside the 30-day window (t - 30 days, t].
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
            if (age < 7 * Day)
            {
                e.Count7Days++;
                e.SumMinor7Days += p.AmountMinor;
                if (age < Day)
                {
                    e.Count1Day++;
                    e.SumMinor1Day += p.AmountMinor;
                }
            }
        }

        return e;
    }
}
