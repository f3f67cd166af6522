using Orleans;

namespace Fraud.Orleans.GrainInterfaces;

/// <summary>
/// The fraud signal of one transaction: its features, the champion model's score and the decision, and the challenger's
/// score when one is scored in shadow (null without one, and on the reply to a duplicate, whose shadow score is not kept).
/// </summary>
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
    string ModelVersion,
    float? ChallengerScore = null,
    string? ChallengerVersion = null);
