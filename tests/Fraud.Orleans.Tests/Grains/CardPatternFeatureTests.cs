using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Grains;
using Fraud.Orleans.Tests.Support;

namespace Fraud.Orleans.Tests.Grains;

/// <summary>Our own card features on hand-computed sequences, through the grain.</summary>
public sealed class CardPatternFeatureTests
{
    private static readonly long Monday = new DateTimeOffset(2018, 4, 2, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private const long Minute = 60_000;
    private const long Hour = 60 * Minute;
    private const long Day = 24 * Hour;

    private readonly TestCard _grain = TestCardGrains.Create("card-1", new InMemoryPersistentState<CardState>(new CardState()));

    [Fact]
    public async Task Bursts_count_the_last_10_minutes_and_hour_with_open_lower_bounds()
    {
        await Score(1, Monday + 9 * Hour, 10_00, terminal: 1);
        await Score(2, Monday + 10 * Hour, 10_00, terminal: 1);            // exactly 1 h before the last: out of its hour
        await Score(3, Monday + 10 * Hour + 50 * Minute, 10_00, terminal: 1); // exactly 10 min before: out of its 10 minutes
        await Score(4, Monday + 10 * Hour + 55 * Minute, 10_00, terminal: 1);
        var last = await Score(5, Monday + 11 * Hour, 10_00, terminal: 1);

        Assert.Equal(2, last.Patterns.Count10Minutes);
        Assert.Equal(3, last.Patterns.Count1Hour);
        Assert.Equal(5, last.Features.Count1Day);
    }

    [Fact]
    public async Task Amount_is_compared_with_the_mean_of_the_earlier_30_days_only()
    {
        var first = await Score(1, Monday, 10_00, terminal: 1);
        await Score(2, Monday + Hour, 30_00, terminal: 1);
        var third = await Score(3, Monday + 2 * Hour, 100_00, terminal: 1);
        var muchLater = await Score(4, Monday + 40 * Day, 50_00, terminal: 1);

        Assert.Equal(CardPatterns.NoEarlierAmount, first.Patterns.AmountToAverage30Days);
        Assert.Equal(100.0 / 20.0, third.Patterns.AmountToAverage30Days);
        Assert.Equal(CardPatterns.NoEarlierAmount, muchLater.Patterns.AmountToAverage30Days);
    }

    [Fact]
    public async Task Distinct_terminals_of_the_day_and_first_use_of_a_terminal()
    {
        var a = await Score(1, Monday, 10_00, terminal: 7);
        var b = await Score(2, Monday + Hour, 10_00, terminal: 8);
        var c = await Score(3, Monday + 2 * Hour, 10_00, terminal: 7);
        var d = await Score(4, Monday + 2 * Day, 10_00, terminal: 9);
        var e = await Score(5, Monday + 2 * Day + Hour, 10_00, terminal: 8);
        var f = await Score(6, Monday + 31 * Day, 10_00, terminal: 7);

        Assert.Equal([1, 2, 2, 1, 2, 1], new[] { a, b, c, d, e, f }.Select(s => s.Patterns.DistinctTerminals1Day));
        // 8 was used 2 days earlier: not a first use; 7 was last used more than 30 days before f.
        Assert.Equal([true, true, false, true, false, true], new[] { a, b, c, d, e, f }.Select(s => s.Patterns.FirstUseOfTerminal));
    }

    [Fact]
    public async Task A_late_transaction_sees_only_the_patterns_that_precede_it()
    {
        await Score(1, Monday + 10 * Hour, 10_00, terminal: 1);
        await Score(3, Monday + 10 * Hour + 20 * Minute, 10_00, terminal: 2);
        var late = await Score(2, Monday + 10 * Hour + 5 * Minute, 40_00, terminal: 2);

        Assert.Equal(2, late.Patterns.Count10Minutes);
        Assert.Equal(2, late.Patterns.DistinctTerminals1Day);
        Assert.True(late.Patterns.FirstUseOfTerminal);
        Assert.Equal(4.0, late.Patterns.AmountToAverage30Days);
    }

    private async Task<FraudSignal> Score(long id, long eventTimeMs, long amountMinor, long terminal) =>
        await _grain.ScoreAsync(new Transaction(id, "card-1", terminal, amountMinor, eventTimeMs));
}
