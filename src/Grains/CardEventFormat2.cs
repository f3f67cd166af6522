using System.Runtime.InteropServices;
using Fraud.Orleans.GrainInterfaces;

namespace Fraud.Orleans.Grains;

/// <summary>
/// A card event as format 2 of <see cref="CardStateSerializer"/> stored it (before the amount history and the terminal's
/// fraud run), field for field in its layout, so that states written before them still load.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct CardEventFormat2
{
    public long TransactionId;
    public long EventTimeMs;
    public long AmountMinor;
    public long TerminalId;
    public int Count1Day;
    public int Count7Days;
    public int Count30Days;
    public long SumMinor1Day;
    public long SumMinor7Days;
    public long SumMinor30Days;
    public double SecondsSincePrevious;
    public int Count10Minutes;
    public int Count1Hour;
    public int DistinctTerminals1Day;
    public bool FirstUseOfTerminal;
    public int TerminalCount1Day;
    public int TerminalFrauds1Day;
    public int TerminalCount7Days;
    public int TerminalFrauds7Days;
    public int TerminalCount30Days;
    public int TerminalFrauds30Days;
    public float Score;
    public Decision Decision;
    public ReasonCodes Reasons;

    /// <summary>
    /// Format 2's events replayed into a state in order, each given the R and Z that the events before it allow: the
    /// state's 30 days (plus lateness) stand for the 60 days the amount history wants, as for a card seen for the first
    /// time 30 days ago. The features added since have their "nothing to compare with" values in the events' own
    /// (already sent) signals.
    /// </summary>
    public static void AppendTo(CardState state, ReadOnlySpan<CardEventFormat2> events)
    {
        foreach (ref readonly var old in events)
        {
            var e = new CardEvent
            {
                TransactionId = old.TransactionId,
                EventTimeMs = old.EventTimeMs,
                AmountMinor = old.AmountMinor,
                TerminalId = old.TerminalId,
                Count1Day = old.Count1Day,
                Count7Days = old.Count7Days,
                Count30Days = old.Count30Days,
                SumMinor1Day = old.SumMinor1Day,
                SumMinor7Days = old.SumMinor7Days,
                SumMinor30Days = old.SumMinor30Days,
                SecondsSincePrevious = old.SecondsSincePrevious,
                Count10Minutes = old.Count10Minutes,
                Count1Hour = old.Count1Hour,
                DistinctTerminals1Day = old.DistinctTerminals1Day,
                FirstUseOfTerminal = old.FirstUseOfTerminal,
                MaxRatio14Days = CardPatterns.NoEarlierAmount,
                MaxZScore14Days = CardPatterns.NoZScore,
                Terminal = new TerminalRisk(
                    old.TerminalCount1Day, old.TerminalFrauds1Day, old.TerminalCount7Days, old.TerminalFrauds7Days,
                    old.TerminalCount30Days, old.TerminalFrauds30Days, TerminalRun.None),
                Score = old.Score,
                Decision = old.Decision,
                Reasons = old.Reasons,
            };
            (e.AmountRatio, e.AmountZScore) = CardWindows.AgainstHistory(state, e.EventTimeMs, e.AmountMinor);
            state.Insert(state.Count, e);
        }
    }
}
