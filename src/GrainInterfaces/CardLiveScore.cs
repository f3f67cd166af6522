namespace Fraud.Orleans.GrainInterfaces;

/// <summary>What a card's grain knows right now, for the API's live-score reads.</summary>
public sealed record CardLiveScore(
    string CardId,
    long TransactionsCounted,
    long TotalAmountMinor,
    FraudSignal? LastSignal);
