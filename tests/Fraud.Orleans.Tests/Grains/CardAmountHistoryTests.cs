using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Grains;
using Fraud.Orleans.Tests.Support;

namespace Fraud.Orleans.Tests.Grains;

/// <summary>
/// The amount history (R and Z against the card's own 7 to 60 days back; MAXR14, NBHI7, MAXZ14, Z_7_60) on
/// hand-computed sequences, through the grain.
/// </summary>
public sealed class CardAmountHistoryTests
{
    private static readonly long Noon = new DateTimeOffset(2018, 4, 2, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private const long Hour = 3_600_000;
    private const long Day = 24 * Hour;

    private readonly InMemoryPersistentState<CardState> _state = new(new CardState());
    private readonly TestCard _grain;

    public CardAmountHistoryTests()
    {
        _grain = TestCardGrains.Create("card-1", _state);
    }

    [Fact]
    public async Task Ratios_and_z_scores_compare_with_days_7_to_60_back_and_persist_for_14_days()
    {
        var first = await Score(1, Noon, 10_00);
        await Score(2, Noon + Day, 20_00);
        // Days 7 to 60 back from tx 3 hold tx 1 and tx 2 (exactly 7 days back: the upper bound is closed):
        // m = 2, S = 3000, Q = 1000² + 2000²; R = 3000 * 2 / 3000, Z = (6000 - 3000) / sqrt(2 * 5e6 - 9e6).
        var third = await Score(3, Noon + 8 * Day, 30_00);
        var fourth = await Score(4, Noon + 9 * Day, 100_00);
        var fifth = await Score(5, Noon + 10 * Day, 10_00);

        Assert.Equal(new CardPatterns(1, 1, CardPatterns.NoEarlierAmount, 1, true, CardPatterns.NoEarlierAmount, 0, CardPatterns.NoZScore, CardPatterns.NoZScore), first.Patterns);
        Assert.Equal(2.0, Ratio(third));
        Assert.Equal(3.0, third.Patterns.ZScore);
        Assert.Equal(CardPatterns.NoEarlierAmount, third.Patterns.MaxRatio14Days); // tx 1 and 2 had nothing to compare with
        Assert.Equal(CardPatterns.NoZScore, third.Patterns.MaxZScore14Days);
        Assert.Equal(17.0, fourth.Patterns.ZScore); // (10000 * 2 - 3000) / 1000
        // tx 5: earlier within 14 days are tx 1..4, with R -1, -1, 2, 20000/3000 and Z -99, -99, 3, 17; within 7 days
        // tx 3 and 4, of which tx 4 is above 3.
        Assert.Equal(20_000.0 / 3_000, fifth.Patterns.MaxRatio14Days);
        Assert.Equal(1, fifth.Patterns.HighAmounts7Days);
        Assert.Equal(17.0, fifth.Patterns.MaxZScore14Days);
        Assert.Equal(-1.0, fifth.Patterns.ZScore);
        Assert.True(fifth.Reasons.HasFlag(ReasonCodes.RecentHighAmount));
        Assert.Contains("CARD_RECENT_HIGH_AMOUNT", ReasonCodeNames.Of(fifth.Reasons));
        Assert.False(third.Reasons.HasFlag(ReasonCodes.RecentHighAmount));

        // 61 days after tx 2: tx 2 is exactly 60 days back (the lower bound is open), tx 3..5 are in.
        var later = await Score(6, Noon + 61 * Day, 50_00);
        Assert.Equal(5000.0 * 3 / 14_000, Ratio(later));
        Assert.Equal(CardPatterns.NoEarlierAmount, later.Patterns.MaxRatio14Days); // nothing in its last 14 days
    }

    [Fact]
    public async Task A_late_transaction_counts_in_the_history_of_those_after_it()
    {
        await Score(1, Noon, 10_00);
        await Score(3, Noon + Day, 30_00);
        await Score(2, Noon + Day - 6 * Hour, 20_00); // 6 hours late: lands between tx 1 and 3
        var later = await Score(4, Noon + 8 * Day + Hour, 60_00);

        // Days 7 to 60 back: tx 1, 2, 3. m = 3, S = 6000, Q = 1000² + 2000² + 3000² = 14e6.
        Assert.Equal(6000.0 * 3 / 6000, Ratio(later));
        Assert.Equal(((6000.0 * 3) - 6000) / Math.Sqrt((3 * 14e6) - (6000.0 * 6000)), later.Patterns.ZScore);
    }

    // R of a signal's own transaction is not a feature; it is what its card state remembers.
    private double Ratio(FraudSignal signal)
    {
        Assert.True(_state.State.TryFind(signal.TransactionId, out var e));
        return e.AmountRatio;
    }

    private async Task<FraudSignal> Score(long id, long eventTimeMs, long amountMinor) =>
        await _grain.ScoreAsync(new Transaction(id, "card-1", 7, amountMinor, eventTimeMs));
}
