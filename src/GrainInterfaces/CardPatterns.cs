using Orleans;

namespace Fraud.Orleans.GrainInterfaces;

/// <summary>
/// Our features beyond the handbook, each aimed at a fraud pattern: bursts (stolen card tested quickly),
/// an amount far from the card's own habit, a card wandering across terminals, a terminal the card never used,
/// and a compromised card that keeps spending far above its habit (the handbook's scenario 3: a third of its
/// transactions over 14 days at five times the amount). The last four compare amounts with the card's own amounts
/// 7 to 60 days before them (a week back, so that a compromise's own recent amounts do not raise the baseline):
/// with m, S, Q the count, cents sum and squared-cents sum there, R = cents * m / S and Z = (cents * m - S) /
/// sqrt(m * Q - S * S).
/// </summary>
/// <param name="Count10Minutes">The card's transactions in (t - 10 min, t], this one included.</param>
/// <param name="Count1Hour">The card's transactions in (t - 1 h, t], this one included.</param>
/// <param name="AmountToAverage30Days">Amount over the mean of the card's earlier transactions in its 30-day window; -1 without any.</param>
/// <param name="DistinctTerminals1Day">Distinct terminals among the card's transactions in (t - 1 day, t].</param>
/// <param name="FirstUseOfTerminal">None of the card's earlier transactions in its 30-day window was at this terminal.</param>
/// <param name="MaxRatio14Days">Largest R of the card's earlier transactions in (t - 14 days, t] (MAXR14); <see cref="NoEarlierAmount"/> without any.</param>
/// <param name="HighAmounts7Days">The card's earlier transactions in (t - 7 days, t] whose R was above 3 (NBHI7).</param>
/// <param name="MaxZScore14Days">Largest of <see cref="NoZScore"/> and the Z of the card's earlier transactions in (t - 14 days, t] (MAXZ14).</param>
/// <param name="ZScore">Z of this transaction (Z_7_60); <see cref="NoZScore"/> with fewer than 2 amounts or no spread to compare with.</param>
[GenerateSerializer]
[Immutable]
[Alias("fraud.CardPatterns")]
public readonly record struct CardPatterns(
    int Count10Minutes,
    int Count1Hour,
    double AmountToAverage30Days,
    int DistinctTerminals1Day,
    bool FirstUseOfTerminal,
    double MaxRatio14Days,
    int HighAmounts7Days,
    double MaxZScore14Days,
    double ZScore)
{
    /// <summary>Sentinel of <see cref="AmountToAverage30Days"/> and of the ratios R when the card has no earlier transaction (with a non-zero sum) to compare with.</summary>
    public const double NoEarlierAmount = -1;

    /// <summary>Sentinel of the Z scores without a spread to compare with.</summary>
    public const double NoZScore = -99;
}
