using Orleans;
using Orleans.Runtime;

namespace Fraud.Orleans.IntegrationTests.Cluster;

public sealed class TallyGrain([PersistentState("tally", TallyCluster.StorageName)] IPersistentState<TallyState> tally) : Grain, ITallyGrain
{
    public async Task<TallyReply> Add(int amount)
    {
        tally.State.Total += amount;
        tally.State.Writes++;
        await tally.WriteStateAsync();
        return Reply();
    }

    public Task<TallyReply> Get() => Task.FromResult(Reply());

    private TallyReply Reply() => new(tally.State.Total, tally.State.Writes, RuntimeIdentity);
}
