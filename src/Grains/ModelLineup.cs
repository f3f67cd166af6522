namespace Fraud.Orleans.Grains;

/// <summary>The champion decides; the challenger, when there is one, is scored beside it and decides nothing.</summary>
public sealed record ModelLineup(ScoringModel Champion, ScoringModel? Challenger);
