using Orleans;

namespace Fraud.Orleans.GrainInterfaces;

/// <summary>The fraud signal of one transaction: its features, the model's score and the decision.</summary>
[GenerateSerializer]
[Immutable]
[Alias("fraud.FraudSignal")]
public readonly record struct FraudSignal(
    long TransactionId,
    string CardId,
    long TerminalId,
    long AmountMinor,
    long EventTimeMs,
    CardFeatures Features,
    TerminalRisk Terminal,
    CardPatterns Patterns,
    float Score,
    Decision Decision,
    ReasonCodes Reasons,
    string ModelVersion);
