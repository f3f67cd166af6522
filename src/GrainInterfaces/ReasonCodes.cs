using Orleans;

namespace Fraud.Orleans.GrainInterfaces;

/// <summary>Why a transaction was decided as it was; several can hold at once.</summary>
[Flags]
[GenerateSerializer]
[Alias("fraud.ReasonCodes")]
public enum ReasonCodes : uint
{
    None = 0,
    /// <summary>Model score at or above the block threshold.</summary>
    ModelScoreBlock = 1 << 0,
    /// <summary>Model score at or above the review threshold.</summary>
    ModelScoreReview = 1 << 1,
    /// <summary>Amount above three times the card's 30-day mean (with at least one earlier transaction).</summary>
    AmountFarAboveCardMean = 1 << 2,
    /// <summary>More transactions in the last day than the card's 30-day daily average allows.</summary>
    VelocitySpike = 1 << 3,
    /// <summary>No earlier transaction of the card is known.</summary>
    FirstTransactionOfCard = 1 << 4,
    /// <summary>Transaction between 00:00 and 06:59.</summary>
    NightTime = 1 << 5,
    /// <summary>Arrived more than the allowed lateness after the card's newest event: windows may be incomplete.</summary>
    LateEvent = 1 << 6,
    /// <summary>The terminal had confirmed frauds in the 7 days before the label delay.</summary>
    TerminalWithRecentFraud = 1 << 7,
    /// <summary>Several transactions of the card within 10 minutes.</summary>
    Burst = 1 << 8,
    /// <summary>An earlier transaction of the card in the last 14 days was far above its usual amount (a compromised card keeps spending).</summary>
    RecentHighAmount = 1 << 9,
}

public static class ReasonCodeNames
{
    /// <summary>Stable upper-case names as written to the signal table, in bit order.</summary>
    public static IEnumerable<string> Of(ReasonCodes reasons)
    {
        for (var bit = 0; bit < 32; bit++)
        {
            var flag = (ReasonCodes)(1u << bit);
            if ((reasons & flag) != 0)
            {
                yield return Name(flag);
            }
        }
    }

    public static string Name(ReasonCodes single) => single switch
    {
        ReasonCodes.ModelScoreBlock => "MODEL_SCORE_BLOCK",
        ReasonCodes.ModelScoreReview => "MODEL_SCORE_REVIEW",
        ReasonCodes.AmountFarAboveCardMean => "AMOUNT_FAR_ABOVE_CARD_MEAN",
        ReasonCodes.VelocitySpike => "VELOCITY_SPIKE",
        ReasonCodes.FirstTransactionOfCard => "FIRST_TRANSACTION_OF_CARD",
        ReasonCodes.NightTime => "NIGHT_TIME",
        ReasonCodes.LateEvent => "LATE_EVENT",
        ReasonCodes.TerminalWithRecentFraud => "TERMINAL_WITH_RECENT_FRAUD",
        ReasonCodes.Burst => "BURST",
        ReasonCodes.RecentHighAmount => "CARD_RECENT_HIGH_AMOUNT",
        _ => $"REASON_{(uint)single}",
    };
}
