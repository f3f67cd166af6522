using CsCheck;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Grains;
using Fraud.Orleans.Tests.Support;

namespace Fraud.Orleans.Tests.Grains;

/// <summary>
/// A card's events whose event times lie within the allowed lateness of each other, after any history, arriving in
/// any order (re-deliveries included) through the grain's own logic with the real model (CsCheck, shrinking).
/// The features an event gets at arrival see only the events that arrived before it, so they legitimately depend
/// on the order; what must not is stated precisely:
/// <list type="bullet">
/// <item>the final state: the same events in the same (event time, id) order with the same running sums and R/Z,
/// the same totals and newest event time;</item>
/// <item>the event that arrives last gets the signal (features, patterns, terminal risk, score, decision, reasons)
/// it gets when every event arrives in event-time order;</item>
/// <item>the features of every event computed at the end, from the final state, are the same;</item>
/// <item>a re-delivered transaction gets the signal of its first delivery back.</item>
/// </list>
/// </summary>
public sealed class CardArrivalOrderProperties
{
    private const string CardId = "card-p";
    private const long Minute = 60_000;
    private const long Day = CardFeatureMath.MillisPerDay;
    private static readonly long Lateness = (long)new CardGrainOptions().AllowedLateness.TotalMilliseconds;

    // The history reaches further back than any window (and its retention), so some of it is dropped on the way.
    private static readonly long SetStart = new DateTimeOffset(2018, 6, 11, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private static readonly Gen<long> Amounts = Gen.Frequency((4, Gen.Long[1, 200_000]), (1, Gen.OneOf(0L, 10_00L, 1_000_000L)));

    // Few terminals, so that first use and distinct-terminal counts vary.
    private static readonly Gen<long> Terminals = Gen.Long[1, 5];

    private static readonly Gen<long[]> HistoryOffsets = Gen.Long[1, CardWindows.LongestLookBackMs + (10 * Day)].Array[0, 25];

    // Any time in the allowed lateness, or on a 10-minute grid: ties and events exactly on a window's edge.
    private static readonly Gen<long> SetOffsets = Gen.Frequency((1, Gen.Long[0, Lateness]), (1, Gen.Long[0, Lateness / (10 * Minute)].Select(k => k * 10 * Minute)));

    private static readonly Gen<Scenario> Scenarios =
        Gen.Select(HistoryOffsets, Gen.Select(SetOffsets, Amounts, Terminals).Array[1, 12], Gen.Select(Amounts, Terminals).Array[25])
            .SelectMany((history, set, historyValues) => Gen.Select(
                Gen.Shuffle(Enumerable.Range(0, set.Length).ToArray()),
                Gen.Select(Gen.Int[0, 100], Gen.Int[0, 100]).Array[0, 4],
                (order, redeliveries) => Scenario.Of(history, historyValues, set, order, redeliveries)));

    [Fact]
    public async Task Any_arrival_order_within_the_allowed_lateness_gives_the_same_final_state_and_the_same_features()
    {
        await Scenarios.SampleAsync(async scenario =>
        {
            var (inOrder, inOrderSignals) = await RunAsync(scenario.History.Concat(scenario.Set.OrderBy(t => (t.EventTimeMs, t.TransactionId))));
            var (shuffled, arrivalSignals) = await RunAsync(scenario.History.Concat(scenario.Arrivals));

            Assert.Equal(Summary(inOrder), Summary(shuffled));
            Assert.Equal(Stored(inOrder), Stored(shuffled));
            var last = scenario.Arrivals[^1];
            Assert.Equal(inOrderSignals[last.TransactionId][0], arrivalSignals[last.TransactionId][0]);
            Assert.Equal(FeaturesAtTheEnd(inOrder), FeaturesAtTheEnd(shuffled));
            foreach (var signals in arrivalSignals.Values)
            {
                Assert.All(signals, s => Assert.Equal(signals[0], s));
            }
        }, iter: 2_000, threads: 1, print: scenario => scenario.ToString());
    }

    /// <summary>The card's events one after another through the grain's logic; each transaction id's signals in arrival order.</summary>
    private static async Task<(CardState State, Dictionary<long, List<FraudSignal>> Signals)> RunAsync(IEnumerable<Transaction> arrivals)
    {
        var state = new InMemoryPersistentState<CardState>(new CardState());
        var card = TestCardGrains.Create(CardId, state);
        var signals = new Dictionary<long, List<FraudSignal>>();
        foreach (var transaction in arrivals)
        {
            var signal = await card.ScoreAsync(transaction);
            if (!signals.TryGetValue(transaction.TransactionId, out var list))
            {
                signals[transaction.TransactionId] = list = [];
            }

            list.Add(signal);
        }

        return (state.State, signals);
    }

    private static (int Count, long Counted, long Total, long MaxEventTime) Summary(CardState state) =>
        (state.Count, state.TransactionsCounted, state.TotalAmountMinor, state.MaxEventTimeMs);

    /// <summary>What of each stored event does not depend on when it arrived.</summary>
    private static List<(long Id, long Time, long Amount, long Terminal, double Ratio, double ZScore, long Sum, long Squares)> Stored(CardState state) =>
        [.. state.Events.ToArray().Select(e => (e.TransactionId, e.EventTimeMs, e.AmountMinor, e.TerminalId, e.AmountRatio, e.AmountZScore, e.RunningSumMinor, e.RunningSumSquares))];

    /// <summary>Every stored event's features as the final state gives them (what a replay of it would be scored on).</summary>
    private static List<(CardFeatures Features, CardPatterns Patterns)> FeaturesAtTheEnd(CardState state) =>
        [.. state.Events.ToArray().Select((e, i) =>
        {
            var at = CardWindows.Compute(state, new Transaction(e.TransactionId, CardId, e.TerminalId, e.AmountMinor, e.EventTimeMs), i);
            return (at.ToFeatures(), at.ToPatterns());
        })];

    /// <summary>A history (in order, before the set) and a set of events within the allowed lateness, with their arrival order.</summary>
    private sealed record Scenario(List<Transaction> History, List<Transaction> Set, List<Transaction> Arrivals)
    {
        public static Scenario Of(long[] historyOffsets, (long Amount, long Terminal)[] historyValues, (long Offset, long Amount, long Terminal)[] set, int[] order, (int A, int B)[] redeliveries)
        {
            var history = historyOffsets.Order()
                .Select((offset, i) => new Transaction(i + 1, CardId, historyValues[i].Terminal, historyValues[i].Amount, SetStart - offset))
                .OrderBy(t => t.EventTimeMs)
                .ToList();
            var events = set.Select((e, i) => new Transaction(1000 + i, CardId, e.Terminal, e.Amount, SetStart + e.Offset)).ToList();

            // Each re-delivery repeats an event already delivered, later on but before the last arrival.
            var arrivals = new List<Transaction>();
            for (var j = 0; j < order.Length; j++)
            {
                arrivals.Add(events[order[j]]);
                foreach (var (a, b) in order.Length > 1 ? redeliveries : [])
                {
                    var (first, after) = (a % (order.Length - 1), b % (order.Length - 1));
                    if (Math.Max(first, after) == j)
                    {
                        arrivals.Add(events[order[Math.Min(first, after)]]);
                    }
                }
            }

            return new Scenario(history, events, arrivals);
        }

        public override string ToString() =>
            $"history [{string.Join(", ", History.Select(Describe))}]; arrivals [{string.Join(", ", Arrivals.Select(Describe))}]";

        private static string Describe(Transaction t) => $"{t.TransactionId}@{(t.EventTimeMs - SetStart) / 1000}s:{t.AmountMinor}/{t.TerminalId}";
    }
}
