namespace Fraud.Orleans.Grains;

/// <summary>Behaviour of card grains.</summary>
public sealed class CardGrainOptions
{
    /// <summary>How far behind the card's newest event a transaction may arrive and still see complete windows.</summary>
    public TimeSpan AllowedLateness { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Amount above this multiple of the card's earlier 30-day mean raises AMOUNT_FAR_ABOVE_CARD_MEAN; an earlier
    /// transaction of the last 14 days above this multiple of its own 7-to-60-day mean raises CARD_RECENT_HIGH_AMOUNT.
    /// </summary>
    public double AmountToMeanRatio { get; set; } = 3;

    /// <summary>Transactions in one day above this multiple of the card's 30-day daily rate raise VELOCITY_SPIKE.</summary>
    public double VelocityRatio { get; set; } = 3;

    /// <summary>Never raise VELOCITY_SPIKE below this many transactions in a day.</summary>
    public int VelocityMinimumCount { get; set; } = 4;

    /// <summary>This many transactions of a card within 10 minutes raise BURST.</summary>
    public int BurstMinimumCount { get; set; } = 3;

    /// <summary>
    /// The most recent transactions a card keeps, whatever their age: a hot card's windows and its duplicate check
    /// then reach back over its newest this many (a replay recognises a transaction only among them), and its state
    /// stays one DynamoDB item (at most <see cref="CardStateSerializer.MaxEventsPerItem"/>).
    /// </summary>
    public int MaxEventsKept { get; set; } = 1_500;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxEventsKept < 2 || MaxEventsKept > CardStateSerializer.MaxEventsPerItem)
        {
            errors.Add($"{nameof(MaxEventsKept)} must be from 2 to {CardStateSerializer.MaxEventsPerItem} (one DynamoDB item)");
        }

        if (AllowedLateness < TimeSpan.Zero)
        {
            errors.Add($"{nameof(AllowedLateness)} must not be negative");
        }

        if (AmountToMeanRatio <= 1)
        {
            errors.Add($"{nameof(AmountToMeanRatio)} must be above 1");
        }

        if (VelocityRatio <= 1)
        {
            errors.Add($"{nameof(VelocityRatio)} must be above 1");
        }

        if (VelocityMinimumCount < 1)
        {
            errors.Add($"{nameof(VelocityMinimumCount)} must be at least 1");
        }

        if (BurstMinimumCount < 2)
        {
            errors.Add($"{nameof(BurstMinimumCount)} must be at least 2");
        }

        return errors;
    }
}
