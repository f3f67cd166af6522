namespace Fraud.Orleans.GrainInterfaces;

/// <summary>
/// Names of every feature the grains compute, in a fixed order. <c>model/features.py</c> computes the same
/// columns in batch; the model's metadata lists the ones it uses, in its own input order (any subset of these).
/// </summary>
public static class FeatureSchema
{
    /// <summary>Sentinel for <see cref="CardFeatures.SecondsSincePrevious"/> when the card has no earlier transaction.</summary>
    public const double NoPreviousTransaction = -1;

    /// <summary>The handbook's card features, <see cref="CardFeatures"/> in its order.</summary>
    public const int CardFeatureCount = 10;

    private const int TerminalFeatureCount = 6;

    private const int PatternFeatureCount = 5;

    private const int HistoryStart = CardFeatureCount + TerminalFeatureCount + PatternFeatureCount;

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
        "TERMINAL_ID_NB_TX_1DAY_WINDOW",
        "TERMINAL_ID_RISK_1DAY_WINDOW",
        "TERMINAL_ID_NB_TX_7DAY_WINDOW",
        "TERMINAL_ID_RISK_7DAY_WINDOW",
        "TERMINAL_ID_NB_TX_30DAY_WINDOW",
        "TERMINAL_ID_RISK_30DAY_WINDOW",
        "CUSTOMER_ID_NB_TX_10MIN_WINDOW",
        "CUSTOMER_ID_NB_TX_1HOUR_WINDOW",
        "AMOUNT_TO_CUSTOMER_AVG_30DAY",
        "CUSTOMER_ID_NB_TERMINALS_1DAY_WINDOW",
        "TERMINAL_FIRST_USE_BY_CUSTOMER",

        // Issue 3's history features, in the order the model was selected with: the terminal's fraud run
        // (TerminalRisk.Run) and the card's amounts against its own 7 to 60 days back (CardPatterns).
        "TERM_RUN_AGE_DAYS",
        "TERM_GEN_AGE_DAYS",
        "TERM_RUN_LEN",
        "MAXR14",
        "NBHI7",
        "MAXZ14",
        "Z_7_60",
        "TERM_LAST_GENUINE_AGE",
    ];

    public static int Count => Names.Count;

    /// <summary>Position of <paramref name="name"/> in <see cref="Names"/>, or -1.</summary>
    public static int IndexOf(string name)
    {
        for (var i = 0; i < Names.Count; i++)
        {
            if (string.Equals(Names[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Feature <paramref name="index"/> (in <see cref="Names"/> order) at full precision.</summary>
    public static double Value(in CardFeatures card, in TerminalRisk terminal, in CardPatterns patterns, int index) => index switch
    {
        < CardFeatureCount => card[index],
        CardFeatureCount + 0 => terminal.Count1Day,
        CardFeatureCount + 1 => terminal.Risk1Day,
        CardFeatureCount + 2 => terminal.Count7Days,
        CardFeatureCount + 3 => terminal.Risk7Days,
        CardFeatureCount + 4 => terminal.Count30Days,
        CardFeatureCount + 5 => terminal.Risk30Days,
        CardFeatureCount + TerminalFeatureCount + 0 => patterns.Count10Minutes,
        CardFeatureCount + TerminalFeatureCount + 1 => patterns.Count1Hour,
        CardFeatureCount + TerminalFeatureCount + 2 => patterns.AmountToAverage30Days,
        CardFeatureCount + TerminalFeatureCount + 3 => patterns.DistinctTerminals1Day,
        CardFeatureCount + TerminalFeatureCount + 4 => patterns.FirstUseOfTerminal ? 1 : 0,
        HistoryStart + 0 => terminal.Run.RunAgeDays,
        HistoryStart + 1 => terminal.Run.GenuineAgeDays,
        HistoryStart + 2 => terminal.Run.RunLength,
        HistoryStart + 3 => patterns.MaxRatio14Days,
        HistoryStart + 4 => patterns.HighAmounts7Days,
        HistoryStart + 5 => patterns.MaxZScore14Days,
        HistoryStart + 6 => patterns.ZScore,
        HistoryStart + 7 => terminal.Run.LastGenuineAgeSeconds,
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    /// <summary>Feature <paramref name="index"/> of a signal.</summary>
    public static double Value(in FraudSignal signal, int index) => Value(signal.Features, signal.Terminal, signal.Patterns, index);
}
