using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Grains;
using Fraud.Orleans.Tests.Support;

namespace Fraud.Orleans.Tests.Grains;

/// <summary>Features of hand-computed sequences, through the grain with the real model.</summary>
public sealed class CardGrainFeatureTests
{
    // 2018-04-02 was a Monday.
    private static readonly long Monday = new DateTimeOffset(2018, 4, 2, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private const long Hour = 3_600_000;
    private const long Day = 24 * Hour;

    private readonly InMemoryPersistentState<CardState> _state = new(new CardState());
    private readonly TestCard _grain;

    public CardGrainFeatureTests()
    {
        _grain = TestCardGrains.Create("card-1", _state);
    }

    [Fact]
    public async Task In_order_sequence_has_hand_computed_windows()
    {
        var a = await Score(1, Monday + 12 * Hour, 10_00);
        var b = await Score(2, Monday + 13 * Hour, 20_00);
        var c = await Score(3, Monday + 2 * Day + 12 * Hour, 30_00);
        var d = await Score(4, Monday + 10 * Day + 12 * Hour, 40_00);
        var e = await Score(5, Monday + 31 * Day + 13 * Hour, 50_00);

        Assert.Equal(new CardFeatures(10, false, false, 1, 10, 1, 10, 1, 10, -1), a.Features);
        Assert.Equal(new CardFeatures(20, false, false, 2, 15, 2, 15, 2, 15, 3600), b.Features);
        // c: 1-day window holds only c; 7 and 30 days hold a, b, c.
        Assert.Equal(new CardFeatures(30, false, false, 1, 30, 3, 20, 3, 20, 2 * 86400 - 3600), c.Features);
        // d (Thursday 04-12): 7 days back reaches 04-05 12:00 exclusive, so only d; 30 days has all four.
        Assert.Equal(new CardFeatures(40, false, false, 1, 40, 1, 40, 4, 25, 8 * 86400), d.Features);
        // e (05-03 13:00): a (04-02 12:00) and b (04-02 13:00) are 31 days old; c, d, e remain in 30 days.
        Assert.Equal(new CardFeatures(50, false, false, 1, 50, 1, 50, 3, 40, 21 * 86400 + 3600), e.Features);
    }

    [Fact]
    public async Task Window_lower_bound_is_open()
    {
        await Score(1, Monday + 12 * Hour, 10_00);
        var exactlyOneDayLater = await Score(2, Monday + Day + 12 * Hour, 30_00);

        Assert.Equal(1, exactlyOneDayLater.Features.Count1Day);
        Assert.Equal(30, exactlyOneDayLater.Features.MeanAmount1Day);
        Assert.Equal(2, exactlyOneDayLater.Features.Count7Days);
        Assert.Equal(20, exactlyOneDayLater.Features.MeanAmount7Days);
    }

    [Fact]
    public async Task Out_of_order_event_sees_only_what_precedes_it_in_event_time()
    {
        await Score(1, Monday + 10 * Hour, 10_00);
        await Score(3, Monday + 14 * Hour, 30_00);
        var late = await Score(2, Monday + 12 * Hour, 20_00);
        var after = await Score(4, Monday + 16 * Hour, 40_00);

        // The late one lands between 10:00 and 14:00: it sees 10:00 only.
        Assert.Equal(new CardFeatures(20, false, false, 2, 15, 2, 15, 2, 15, 2 * 3600), late.Features);
        // A later one sees all three, and its previous transaction is 14:00, not the late 12:00.
        Assert.Equal(new CardFeatures(40, false, false, 4, 25, 4, 25, 4, 25, 2 * 3600), after.Features);
        Assert.Equal(4, _state.State.TransactionsCounted);
    }

    [Fact]
    public async Task Same_timestamp_orders_by_transaction_id()
    {
        await Score(20, Monday + 12 * Hour, 20_00);
        var earlierId = await Score(10, Monday + 12 * Hour, 10_00);

        Assert.Equal(1, earlierId.Features.Count1Day);
        Assert.Equal(FeatureSchema.NoPreviousTransaction, earlierId.Features.SecondsSincePrevious);
    }

    [Fact]
    public async Task Duplicate_returns_the_earlier_signal_and_counts_nothing_twice()
    {
        var first = await Score(1, Monday + 12 * Hour, 10_00);
        await Score(2, Monday + 13 * Hour, 20_00);
        var writes = _state.Writes;

        var again = await Score(1, Monday + 12 * Hour, 10_00);
        var third = await Score(3, Monday + 14 * Hour, 30_00);

        Assert.Equal(first, again);
        Assert.Equal(writes + 1, _state.Writes); // the duplicate changed nothing, the third did
        Assert.Equal(3, third.Features.Count1Day);
        Assert.Equal(3, _state.State.TransactionsCounted);
        Assert.Equal(60_00, _state.State.TotalAmountMinor);
    }

    [Fact]
    public async Task Weekend_and_night_flags_follow_event_time()
    {
        var sundayNight = await Score(1, Monday - Day + 6 * Hour + 59 * 60_000, 10_00);
        var mondayMorning = await Score(2, Monday + 7 * Hour, 10_00);

        Assert.True(sundayNight.Features.DuringWeekend);
        Assert.True(sundayNight.Features.DuringNight);
        Assert.True(sundayNight.Reasons.HasFlag(ReasonCodes.NightTime));
        Assert.False(mondayMorning.Features.DuringWeekend);
        Assert.False(mondayMorning.Features.DuringNight);
    }

    [Fact]
    public async Task Events_beyond_the_longest_look_back_plus_lateness_are_dropped_but_the_newest_of_them()
    {
        // 60 days (the amount history) + 1 day of lateness behind the newest event; the newest event before that stays.
        await Score(1, Monday, 10_00);
        await Score(2, Monday + Hour, 10_00);
        await Score(3, Monday + (61 * Day) + Hour - 1, 10_00);
        Assert.Equal(3, _state.State.Count);

        await Score(4, Monday + (61 * Day) + Hour, 10_00);

        Assert.Equal(3, _state.State.Count);
        Assert.False(_state.State.TryFind(1, out _));
        Assert.True(_state.State.TryFind(2, out _));
        Assert.Equal(4, _state.State.TransactionsCounted);

        // A late event within the lateness sees its previous transaction (2), as it would have had it come in order.
        var late = await Score(5, Monday + (60 * Day) + (2 * Hour), 10_00);
        Assert.Equal((60 * 86_400) + 3_600, late.Features.SecondsSincePrevious);
        Assert.False(late.Reasons.HasFlag(ReasonCodes.FirstTransactionOfCard));
    }

    [Fact]
    public async Task Signal_carries_score_decision_and_model_version()
    {
        var signal = await Score(1, Monday + 12 * Hour, 10_00);
        var thresholds = SharedModel.Instance.Metadata.Thresholds;
        var expected = signal.Score >= thresholds.Block ? Decision.Block : signal.Score >= thresholds.Review ? Decision.Review : Decision.Approve;

        Assert.InRange(signal.Score, 0f, 1f);
        Assert.Equal(expected, signal.Decision);
        Assert.Equal(SharedModel.Instance.Metadata.ModelVersion, signal.ModelVersion);
        Assert.True(signal.Reasons.HasFlag(ReasonCodes.FirstTransactionOfCard));
    }

    [Fact]
    public async Task State_survives_a_serializer_round_trip()
    {
        await Score(1, Monday + 12 * Hour, 10_00);
        await Score(2, Monday + 13 * Hour, 20_00);
        var serializer = new CardStateSerializer();

        var copy = serializer.Deserialize(serializer.Serialize(_state.State));

        Assert.Equal(_state.State.Events.ToArray(), copy.Events.ToArray());
        Assert.Equal(_state.State.TransactionsCounted, copy.TransactionsCounted);
        Assert.Equal(_state.State.TotalAmountMinor, copy.TotalAmountMinor);
        Assert.Equal(_state.State.MaxEventTimeMs, copy.MaxEventTimeMs);
        Assert.Throws<InvalidDataException>(() => serializer.Deserialize([9, 9, 9]));
    }

    private async Task<FraudSignal> Score(long id, long eventTimeMs, long amountMinor) =>
        await _grain.ScoreAsync(new Transaction(id, "card-1", 7, amountMinor, eventTimeMs));
}
