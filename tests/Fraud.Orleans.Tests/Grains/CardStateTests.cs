using Fraud.Orleans.Grains;

namespace Fraud.Orleans.Tests.Grains;

/// <summary>The card state's event store against a plain sorted list: order, retention, duplicates found, and the amounts of any time range.</summary>
public sealed class CardStateTests
{
    private const long Hour = 3_600_000;

    [Fact]
    public void Inserts_late_inserts_and_drops_keep_order_lookups_and_range_sums_of_a_plain_list()
    {
        var random = new Random(5);
        var state = new CardState();
        var reference = new List<(long Time, long Id, long Amount)>();
        long newest = 0;
        for (long id = 0; id < 3_000; id++)
        {
            // Mostly in order, a fifth up to a day late; retention of 10 days behind the newest (and the newest event before that).
            var time = random.Next(5) == 0 ? newest - random.Next(24) * Hour : newest += random.Next(1, 12) * Hour;
            var amount = random.Next(5) == 0 ? 0 : random.Next(1, 100_000);
            var index = state.InsertionIndex(time, id);
            state.Insert(index, new CardEvent { TransactionId = id, EventTimeMs = time, AmountMinor = amount });
            reference.Add((time, id, amount));
            reference.Sort();
            state.DropAtOrBeforeKeepingNewest(newest - (240 * Hour));
            reference.RemoveRange(0, Math.Max(0, reference.Count(r => r.Time <= newest - (240 * Hour)) - 1));

            Assert.Equal(reference.Select(r => r.Id), state.Events.ToArray().Select(e => e.TransactionId));
            var kept = reference[random.Next(reference.Count)];
            Assert.True(state.TryFind(kept.Id, out var found) && found.EventTimeMs == kept.Time && found.AmountMinor == kept.Amount);
            Assert.Equal(reference.Any(r => r.Id == id / 2), state.TryFind(id / 2, out _)); // dropped ones are gone
            var after = newest - random.Next(300) * Hour;
            var through = after + random.Next(200) * Hour;
            var expected = reference.Where(r => r.Time > after && r.Time <= through).ToList();
            Assert.Equal((expected.Count, expected.Sum(r => r.Amount), expected.Sum(r => r.Amount * r.Amount)), state.AmountsIn(after, through));
        }
    }

    [Fact]
    public void A_hot_card_keeps_its_newest_events_and_its_state_fits_one_DynamoDB_item()
    {
        var options = new CardGrainOptions();
        var state = new CardState();
        var serializer = new CardStateSerializer();
        for (long id = 0; id < 10_000; id++)
        {
            // An attack in real time: 3 ms apart, every one inside the 60 days a card would otherwise keep.
            state.Insert(state.Count, new CardEvent { TransactionId = id, EventTimeMs = id * 3, AmountMinor = 100 + id });
            state.DropOldestBeyond(options.MaxEventsKept);
        }

        Assert.Equal(options.MaxEventsKept, state.Count);
        Assert.Equal(10_000 - options.MaxEventsKept, state.Events[0].TransactionId);
        Assert.False(state.TryFind(0, out _));
        var expected = Enumerable.Range(10_000 - 100, 100).Sum(i => 100L + i);
        Assert.Equal((100, expected, Enumerable.Range(10_000 - 100, 100).Sum(i => (100L + i) * (100L + i))), state.AmountsIn((9_900 * 3) - 1, 10_000 * 3));
        Assert.InRange(serializer.Serialize(state).Length, 1, 370 * 1024);
        Assert.Empty(options.Validate());
        Assert.NotEmpty(new CardGrainOptions { MaxEventsKept = CardStateSerializer.MaxEventsPerItem + 1 }.Validate());
    }
}
