using System.Runtime.CompilerServices;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Grains.Terminals;

namespace Fraud.Orleans.Grains;

/// <summary>
/// One card's transaction: read its state, compute the features in event time, score, decide, remember, and drop
/// what no window can reach any more. Deterministic in event time, so a replay after a failover rebuilds the same
/// state and the same signals (for one champion: a replay after a promotion is decided by the new one). Stateless
/// itself: the card's state is the grain's.
/// </summary>
public sealed class CardDecider(ModelRoster models, ITerminalRiskSource terminals, CardGrainOptions options)
{
    private readonly long _allowedLatenessMs = (long)options.AllowedLateness.TotalMilliseconds;

    /// <summary>The signal of <paramref name="transaction"/>; <c>Changed</c> is false for a transaction seen before.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<(FraudSignal Signal, bool Changed)> DecideAsync(string cardId, CardState card, Transaction transaction)
    {
        var lineup = models.Current;
        if (card.TryFind(transaction.TransactionId, out var earlier))
        {
            return (earlier.ToSignal(cardId, lineup.Champion.Version), false);
        }

        var index = card.InsertionIndex(transaction.EventTimeMs, transaction.TransactionId);
        var e = CardWindows.Compute(card, transaction, index);
        e.Terminal = terminals.GetRisk(transaction.TerminalId, transaction.EventTimeMs);
        var features = e.ToFeatures();
        var patterns = e.ToPatterns();
        var champion = lineup.Champion.Input.ScoreAsync(features, e.Terminal, patterns);
        var challenger = lineup.Challenger?.Input.ScoreAsync(features, e.Terminal, patterns); // both rows queued before either run
        e.Score = await champion;
        float? shadow = challenger is { } pending ? await pending : null;
        var late = card.MaxEventTimeMs != long.MinValue && transaction.EventTimeMs < card.MaxEventTimeMs - _allowedLatenessMs;
        (e.Decision, e.Reasons) = lineup.Champion.Policy.Decide(e, e.Score, late);

        card.Insert(index, e);
        card.TransactionsCounted++;
        card.TotalAmountMinor += transaction.AmountMinor;
        card.LastTransactionId = transaction.TransactionId;
        card.MaxEventTimeMs = Math.Max(card.MaxEventTimeMs, transaction.EventTimeMs);
        card.DropAtOrBeforeKeepingNewest(card.MaxEventTimeMs - CardWindows.LongestLookBackMs - _allowedLatenessMs);
        card.DropOldestBeyond(options.MaxEventsKept);
        return (e.ToSignal(cardId, lineup.Champion.Version) with { ChallengerScore = shadow, ChallengerVersion = lineup.Challenger?.Version }, true);
    }

    public CardLiveScore LiveScore(string cardId, CardState card, string hostedBy)
    {
        FraudSignal? last = card.TryFind(card.LastTransactionId, out var e) ? e.ToSignal(cardId, models.Current.Champion.Version) : null;
        return new CardLiveScore(cardId, card.TransactionsCounted, card.TotalAmountMinor, last, hostedBy);
    }

    /// <summary>The newest <paramref name="count"/> events of the card (they are kept in event-time order), newest first.</summary>
    public FraudSignal[] Recent(string cardId, CardState card, int count)
    {
        var events = card.Events;
        var version = models.Current.Champion.Version;
        var recent = new FraudSignal[Math.Clamp(count, 0, events.Length)];
        for (var i = 0; i < recent.Length; i++)
        {
            recent[i] = events[events.Length - 1 - i].ToSignal(cardId, version);
        }

        return recent;
    }
}
