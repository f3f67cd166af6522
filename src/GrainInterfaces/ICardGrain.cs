using Orleans;

namespace Fraud.Orleans.GrainInterfaces;

/// <summary>One grain per card: rolling behavioural features, scoring and the decision.</summary>
[Alias("fraud.ICardGrain")]
public interface ICardGrain : IGrainWithStringKey
{
    /// <summary>
    /// Scores a transaction. A transaction id seen before returns the earlier signal and changes nothing.
    /// <paramref name="ownerEpoch"/> is the caller's ownership epoch of the card's Kafka partition (the ingest
    /// gateway's), or 0 for a caller that owns nothing (the payments API); a grain hosted where the partition is not
    /// owned at that epoch throws <see cref="CardMovedException"/> and the caller asks again.
    /// </summary>
    [Alias("score")]
    ValueTask<FraudSignal> ScoreAsync(Transaction transaction, long ownerEpoch);

    [Alias("live")]
    ValueTask<CardLiveScore> GetLiveScoreAsync();

    /// <summary>The card's newest transactions it still remembers (at most <paramref name="count"/>), newest event first, as their signals.</summary>
    [Alias("recent")]
    ValueTask<FraudSignal[]> GetRecentSignalsAsync(int count);
}
