using Orleans;

namespace Fraud.Orleans.GrainInterfaces;

/// <summary>What one silo did with a promotion, and its models after it.</summary>
[GenerateSerializer]
[Immutable]
[Alias("fraud.ModelPromotion")]
public sealed record ModelPromotion(
    [property: Id(0)] string Silo,
    [property: Id(1)] PromotionOutcome Outcome,
    [property: Id(2)] string Champion,
    [property: Id(3)] string? Challenger);
