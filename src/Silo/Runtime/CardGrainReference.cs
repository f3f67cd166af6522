using Fraud.Orleans.GrainInterfaces;

namespace Fraud.Orleans.Silo.Runtime;

/// <summary>What Orleans would generate: a reference that turns interface calls into turns on the activation.</summary>
internal sealed class CardGrainReference(string key, int partition, GrainType<ICardGrain, Grains.CardState> type) : ICardGrain
{
    public ValueTask<FraudSignal> ScoreAsync(Transaction transaction) =>
        type.InvokeAsync(key, partition, static (grain, tx) => grain.ScoreAsync(tx), transaction);

    public ValueTask<CardLiveScore> GetLiveScoreAsync() =>
        type.InvokeAsync(key, partition, static (grain, _) => grain.GetLiveScoreAsync(), 0);
}
