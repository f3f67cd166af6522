using Orleans;

namespace Fraud.Orleans.GrainInterfaces;

/// <summary>What a card's grain knows right now, for the API's live-score reads; <c>HostedBy</c> is the silo its activation lives on.</summary>
[GenerateSerializer]
[Immutable]
[Alias("fraud.CardLiveScore")]
public sealed record CardLiveScore(
    string CardId,
    long TransactionsCounted,
    long TotalAmountMinor,
    FraudSignal? LastSignal,
    string HostedBy);
