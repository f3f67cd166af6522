using Fraud.Orleans.Runtime;

namespace Fraud.Orleans.GrainInterfaces;

/// <summary>One grain per card: rolling behavioural features, scoring and the decision.</summary>
public interface ICardGrain : IGrainWithStringKey
{
    /// <summary>
    /// Scores a transaction. A transaction id seen before returns the earlier signal and changes nothing.
    /// </summary>
    ValueTask<FraudSignal> ScoreAsync(Transaction transaction);

    ValueTask<CardLiveScore> GetLiveScoreAsync();
}
