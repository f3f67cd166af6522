using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Model;

namespace Fraud.Orleans.Grains;

/// <summary>
/// The decision comes from the model's score and the thresholds shipped with the model; the reason codes
/// say which score band and which behavioural patterns an analyst should look at.
/// </summary>
public sealed class DecisionPolicy(DecisionThresholds thresholds, CardGrainOptions options)
{
    public (Decision Decision, ReasonCodes Reasons) Decide(in CardEvent e, float score, bool late)
    {
        var reasons = ReasonCodes.None;
        var decision = Decision.Approve;
        if (score >= thresholds.Block)
        {
            decision = Decision.Block;
            reasons |= ReasonCodes.ModelScoreBlock;
        }
        else if (score >= thresholds.Review)
        {
            decision = Decision.Review;
            reasons |= ReasonCodes.ModelScoreReview;
        }

        if (e.Count30Days > 1)
        {
            var earlierMean = (double)(e.SumMinor30Days - e.AmountMinor) / (e.Count30Days - 1);
            if (e.AmountMinor > options.AmountToMeanRatio * earlierMean)
            {
                reasons |= ReasonCodes.AmountFarAboveCardMean;
            }
        }

        var dailyRate = e.Count30Days / 30.0;
        if (e.Count1Day >= options.VelocityMinimumCount && e.Count1Day > options.VelocityRatio * dailyRate)
        {
            reasons |= ReasonCodes.VelocitySpike;
        }

        if (e.Terminal.Frauds7Days > 0)
        {
            reasons |= ReasonCodes.TerminalWithRecentFraud;
        }

        if (e.MaxRatio14Days > options.AmountToMeanRatio)
        {
            reasons |= ReasonCodes.RecentHighAmount;
        }

        if (e.Count10Minutes >= options.BurstMinimumCount)
        {
            reasons |= ReasonCodes.Burst;
        }

        if (e.SecondsSincePrevious < 0)
        {
            reasons |= ReasonCodes.FirstTransactionOfCard;
        }

        if (CardFeatureMath.IsNight(e.EventTimeMs))
        {
            reasons |= ReasonCodes.NightTime;
        }

        if (late)
        {
            reasons |= ReasonCodes.LateEvent;
        }

        return (decision, reasons);
    }
}
