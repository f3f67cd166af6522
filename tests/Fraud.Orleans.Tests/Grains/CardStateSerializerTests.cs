using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Grains;
using Fraud.Orleans.Tests.Support;

namespace Fraud.Orleans.Tests.Grains;

/// <summary>Card states written by the previous format (2, before the amount history) still load, and go on scoring.</summary>
public sealed class CardStateSerializerTests
{
    // Written by format 2's serializer: card "card-9", three transactions at 2018-04-28 12:00, 2018-05-01 11:00 and 12:00.
    private static readonly string Format2File = Path.Combine(RepositoryPaths.Root, "tests", "Fraud.Orleans.Tests", "Grains", "TestData", "card-state-v2.bin");
    private static readonly long May1Noon = new DateTimeOffset(2018, 5, 1, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    [Fact]
    public void A_format_2_state_loads_with_its_signals_and_the_history_its_events_allow()
    {
        var state = new CardStateSerializer().Deserialize(File.ReadAllBytes(Format2File));

        Assert.Equal((3L, 319_12L, May1Noon, 13L), (state.TransactionsCounted, state.TotalAmountMinor, state.MaxEventTimeMs, state.LastTransactionId));
        Assert.Equal([11L, 12L, 13L], state.Events.ToArray().Select(e => e.TransactionId));
        Assert.Equal([12_34L, 56_78L, 250_00L], state.Events.ToArray().Select(e => e.AmountMinor));
        Assert.Equal([7L, 8L, 7L], state.Events.ToArray().Select(e => e.TerminalId));
        Assert.True(state.TryFind(13, out var last));
        Assert.Equal((2, 3, 3, 306_78L, 319_12L, 319_12L, 3600.0), (last.Count1Day, last.Count7Days, last.Count30Days, last.SumMinor1Day, last.SumMinor7Days, last.SumMinor30Days, last.SecondsSincePrevious));
        Assert.Equal((1, 1, 2, false), (last.Count10Minutes, last.Count1Hour, last.DistinctTerminals1Day, last.FirstUseOfTerminal));
        Assert.Equal(new TerminalRisk(0, 0, 2, 1, 2, 1, TerminalRun.None), last.Terminal);
        Assert.Equal((0.09869355f, Decision.Review), (last.Score, last.Decision));
        Assert.Equal(ReasonCodes.ModelScoreReview | ReasonCodes.AmountFarAboveCardMean | ReasonCodes.TerminalWithRecentFraud, last.Reasons);

        // Nothing 7 days before these three, so no R or Z; the running sums are rebuilt from the amounts.
        Assert.All(state.Events.ToArray(), e => Assert.Equal((CardPatterns.NoEarlierAmount, CardPatterns.NoZScore), (e.AmountRatio, e.AmountZScore)));
        Assert.Equal((3, 319_12L, (12_34L * 12_34) + (56_78L * 56_78) + (250_00L * 250_00)), state.AmountsIn(0, long.MaxValue));
    }

    [Fact]
    public async Task A_card_loaded_from_format_2_scores_on_and_is_written_in_the_new_format()
    {
        var serializer = new CardStateSerializer();
        var state = new InMemoryPersistentState<CardState>(serializer.Deserialize(File.ReadAllBytes(Format2File)));
        var grain = TestCardGrains.Create("card-9", state);

        var duplicate = await grain.ScoreAsync(new Transaction(13, "card-9", 7, 250_00, May1Noon));
        var next = await grain.ScoreAsync(new Transaction(14, "card-9", 7, 40_00, May1Noon + (8 * 86_400_000L)));
        var copy = serializer.Deserialize(serializer.Serialize(state.State));

        Assert.Equal(0.09869355f, duplicate.Score); // the earlier signal, as it was sent
        Assert.Equal(4, next.Features.Count30Days);
        // Days 7 to 60 back from tx 14: tx 11, 12, 13 (8 days back); R = 4000 * 3 / 31912.
        Assert.True(state.State.TryFind(14, out var e));
        Assert.Equal(40_00.0 * 3 / 319_12, e.AmountRatio);
        Assert.Equal(state.State.Events.ToArray(), copy.Events.ToArray());
    }

    [Fact]
    public void Grain_storage_keeps_card_state_in_the_compact_format_and_loads_format_2()
    {
        var storage = new CardStateStorageSerializer();
        var format2 = storage.Deserialize<CardState>(BinaryData.FromBytes(File.ReadAllBytes(Format2File)));
        var stored = storage.Serialize(format2);

        Assert.Equal(new CardStateSerializer().Serialize(format2), stored.ToArray());
        Assert.Equal(format2.Events.ToArray(), storage.Deserialize<CardState>(stored).Events.ToArray());
        Assert.Throws<NotSupportedException>(() => storage.Serialize("not a card"));
    }
}
