using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Grains;
using Fraud.Orleans.Grains.Terminals;

namespace Fraud.Orleans.Tests.Grains;

/// <summary>The per-event feature work (card windows and amount history, terminal risk and run) allocates nothing once warm.</summary>
public sealed class FeatureAllocationTests
{
    private static readonly long Start = new DateTimeOffset(2018, 4, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private const long SixHours = 6 * 3_600_000;

    [Fact]
    public void Card_and_terminal_features_allocate_no_managed_memory()
    {
        var card = new CardState();
        var terminal = new TerminalGrain(17, new TerminalRiskOptions(), TimeSpan.FromDays(1));
        long next = 0;
        var sink = 0.0;
        for (var i = 0; i < 1_000; i++) // 250 days at 4 a day: the state is full (61 days) and its array settled
        {
            sink += Update(card, terminal, next++);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            sink += Update(card, terminal, next++);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(sink != 0);
    }

    // One event of a card at the handbook's busiest rate, every third one a fraud at the terminal it uses, so that
    // its terminal has fraud runs to walk.
    private static double Update(CardState card, TerminalGrain terminal, long n)
    {
        var tx = new Transaction(n, "card-1", 17, 1_000 + ((n * 7919) % 9_000), Start + (n * SixHours));
        var index = card.InsertionIndex(tx.EventTimeMs, tx.TransactionId);
        var e = CardWindows.Compute(card, tx, index);
        e.Terminal = terminal.GetRisk(tx.EventTimeMs);
        card.Insert(index, e);
        card.DropAtOrBeforeKeepingNewest(tx.EventTimeMs - CardWindows.LongestLookBackMs - CardFeatureMath.MillisPerDay);
        terminal.RecordTransaction(n, tx.EventTimeMs);
        if (n % 3 != 0)
        {
            terminal.RecordFraud(n, tx.EventTimeMs);
        }

        return e.ToPatterns().MaxRatio14Days + e.Terminal.Run.RunLength;
    }
}
