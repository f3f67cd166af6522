namespace Fraud.Orleans.GrainInterfaces;

/// <summary>
/// Names and order of the model's inputs. <c>model/features.py</c> computes the same columns in batch,
/// and the model's metadata must list exactly these names in this order (checked at start-up).
/// </summary>
public static class FeatureSchema
{
    /// <summary>Sentinel for <see cref="CardFeatures.SecondsSincePrevious"/> when the card has no earlier transaction.</summary>
    public const double NoPreviousTransaction = -1;

    public static readonly IReadOnlyList<string> Names =
    [
        "TX_AMOUNT",
        "TX_DURING_WEEKEND",
        "TX_DURING_NIGHT",
        "CUSTOMER_ID_NB_TX_1DAY_WINDOW",
        "CUSTOMER_ID_AVG_AMOUNT_1DAY_WINDOW",
        "CUSTOMER_ID_NB_TX_7DAY_WINDOW",
        "CUSTOMER_ID_AVG_AMOUNT_7DAY_WINDOW",
        "CUSTOMER_ID_NB_TX_30DAY_WINDOW",
        "CUSTOMER_ID_AVG_AMOUNT_30DAY_WINDOW",
        "SECONDS_SINCE_PREVIOUS_TX",
    ];

    public static int Count => Names.Count;
}
