using System.Runtime.CompilerServices;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Grains.Terminals;
using Fraud.Orleans.Runtime;

namespace Fraud.Orleans.Grains;

/// <summary>
/// One card: read its state, compute the transaction's features in event time, score, decide, remember,
/// and drop what no window can reach any more. Deterministic in event time, so a replay after a failover
/// rebuilds the same state and the same signals.
/// </summary>
public sealed class CardGrain(
    string cardId,
    IPersistentState<CardState> state,
    ModelInput model,
    ITerminalRiskSource terminals,
    DecisionPolicy policy,
    CardGrainOptions options) : ICardGrain
{
    private readonly long _allowedLatenessMs = (long)options.AllowedLateness.TotalMilliseconds;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<FraudSignal> ScoreAsync(Transaction transaction)
    {
        var card = state.State;
        if (card.TryFind(transaction.TransactionId, out var earlier))
        {
            return earlier.ToSignal(cardId, model.ModelVersion);
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
        card.DropAtOrBefore(card.MaxEventTimeMs - CardWindows.LongestLookBackMs - _allowedLatenessMs);

        await state.WriteStateAsync();
        return e.ToSignal(cardId, model.ModelVersion);
    }

    public ValueTask<CardLiveScore> GetLiveScoreAsync()
    {
        var card = state.State;
        FraudSignal? last = card.TryFind(card.LastTransactionId, out var e) ? e.ToSignal(cardId, model.ModelVersion) : null;
        return ValueTask.FromResult(new CardLiveScore(cardId, card.TransactionsCounted, card.TotalAmountMinor, last));
    }
}
