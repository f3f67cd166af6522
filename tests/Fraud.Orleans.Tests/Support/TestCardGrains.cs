using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Grains;
using Fraud.Orleans.Grains.Terminals;
using Fraud.Orleans.Silo.Terminals;

namespace Fraud.Orleans.Tests.Support;

/// <summary>Cards outside a silo: the grain's per-card logic over in-memory state, the committed model, and a terminal replica the test feeds (or leaves empty).</summary>
public static class TestCardGrains
{
    public static TestCard Create(string cardId, InMemoryPersistentState<CardState> state, ITerminalRiskSource? terminals = null, CardGrainOptions? options = null)
    {
        options ??= new CardGrainOptions();
        terminals ??= new TerminalRiskReplica(new TerminalRiskOptions(), options);
        return new TestCard(cardId, state, new CardDecider(new ModelRoster(new ScoringModel(SharedModel.Instance, options)), terminals, options));
    }
}

/// <summary>One card as its grain runs it, minus Orleans: each changing transaction counts as a write.</summary>
public sealed class TestCard(string cardId, InMemoryPersistentState<CardState> state, CardDecider decider)
{
    public async ValueTask<FraudSignal> ScoreAsync(Transaction transaction)
    {
        var (signal, changed) = await decider.DecideAsync(cardId, state.State, transaction);
        if (changed)
        {
            state.Writes++;
        }

        return signal;
    }

    public ValueTask<CardLiveScore> GetLiveScoreAsync() => ValueTask.FromResult(decider.LiveScore(cardId, state.State, "test"));
}
