using System.Runtime.CompilerServices;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Grains.Terminals;

namespace Fraud.Orleans.Grains;

/// <summary>
/// One card's transaction: read its state, compute the features in event time, score, decide, remember, and drop
/// what no window can reach any more. Deterministic in event time, so a replay after a failover rebuilds the same
/// state and the same signals. Stateless itself: the card's state is the grain's.
/// </summary>
public sealed class CardDecider(ModelInput model, ITerminalRiskSource terminals, DecisionPolicy policy, CardGrainOptions options)
{
    private readonly long _allowedLatenessMs = (long)options.AllowedLateness.TotalMilliseconds;

    public string ModelVersion => model.ModelVersion;

    /// <summary>The signal of <paramref name="transaction"/>; <c>Changed</c> is false for a transaction seen before.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<(FraudSignal Signal, bool Changed)> DecideAsync(string cardId, CardState card, Transaction transaction)
    {
        if (card.TryFind(transaction.TransactionId, out var earlier))
        {
            return (earlier.ToSignal(cardId, model.ModelVersion), false);
        }

        var index = card.InsertionIndex(transaction.EventTimeMs, transaction.TransactionId);
        var e = CardWindows.Compute(card, transaction, index);
        e.Terminal = terminals.GetRisk(transaction.TerminalId, transaction.EventTimeMs);
        e.Score = await model.ScoreAsync(e.ToFeatures(), e.Terminal, e.ToPatterns());
        var late = card.MaxEventTimeMs != long.MinValue && transaction.EventTimeMs < card.MaxEventTimeMs - _allowedLatenessMs;
        (e.Decision, e.Reasons) = policy.Decide(e, e.Score, late);

        card.Insert(index, e);
        card.TransactionsCounted++;
        card.TotalAmountMinor += transaction.AmountMinor;
        card.LastTransactionId = transaction.TransactionId;
        card.MaxEventTimeMs = Math.Max(card.MaxEventTimeMs, transaction.EventTimeMs);
        card.DropAtOrBeforeKeepingNewest(card.MaxEventTimeMs - CardWindows.LongestLookBackMs - _allowedLatenessMs);
        return (e.ToSignal(cardId, model.ModelVersion), true);
    }

    public CardLiveScore LiveScore(string cardId, CardState card, string hostedBy)
    {
        FraudSignal? last = card.TryFind(card.LastTransactionId, out var e) ? e.ToSignal(cardId, model.ModelVersion) : null;
        return new CardLiveScore(cardId, card.TransactionsCounted, card.TotalAmountMinor, last, hostedBy);
    }

    /// <summary>The newest <paramref name="count"/> events of the card (they are kept in event-time order), newest first.</summary>
    public FraudSignal[] Recent(string cardId, CardState card, int count)
    {
        var events = card.Events;
        var recent = new FraudSignal[Math.Clamp(count, 0, events.Length)];
        for (var i = 0; i < recent.Length; i++)
        {
            recent[i] = events[events.Length - 1 - i].ToSignal(cardId, model.ModelVersion);
        }

        return recent;
    }
}
