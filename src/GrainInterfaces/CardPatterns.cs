namespace Fraud.Orleans.GrainInterfaces;

/// <summary>
/// Our features beyond the handbook, each aimed at a fraud pattern: bursts (stolen card tested quickly),
/// an amount far from the card's own habit, a card wandering across terminals, a terminal the card never used.
/// </summary>
/// <param name="Count10Minutes">The card's transactions in (t - 10 min, t], this one included.</param>
/// <param name="Count1Hour">The card's transactions in (t - 1 h, t], this one included.</param>
/// <param name="AmountToAverage30Days">Amount over the mean of the card's earlier transactions in its 30-day window; -1 without any.</param>
/// <param name="DistinctTerminals1Day">Distinct terminals among the card's transactions in (t - 1 day, t].</param>
/// <param name="FirstUseOfTerminal">None of the card's earlier transactions in its 30-day window was at this terminal.</param>
public readonly record struct CardPatterns(
    int Count10Minutes,
    int Count1Hour,
    double AmountToAverage30Days,
    int DistinctTerminals1Day,
    bool FirstUseOfTerminal)
{
    /// <summary>Sentinel of <see cref="AmountToAverage30Days"/> when the card has no earlier transaction (with a non-zero sum) to compare with.</summary>
    public const double NoEarlierAmount = -1;
}
