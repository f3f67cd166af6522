using Fraud.Orleans.Grains;
using Fraud.Orleans.Grains.Terminals;
using Fraud.Orleans.Silo.Terminals;

namespace Fraud.Orleans.Tests.Support;

/// <summary>Card grains outside a silo: in-memory state, the committed model, and a terminal replica the test feeds (or leaves empty).</summary>
public static class TestCardGrains
{
    public static CardGrain Create(string cardId, InMemoryPersistentState<CardState> state, ITerminalRiskSource? terminals = null, CardGrainOptions? options = null)
    {
        options ??= new CardGrainOptions();
        terminals ??= new TerminalRiskReplica(new TerminalRiskOptions(), options);
        return new CardGrain(
            cardId, state, new ModelInput(SharedModel.Instance), terminals,
            new DecisionPolicy(SharedModel.Instance.Metadata.Thresholds, options), options);
    }
}
