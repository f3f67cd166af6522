using Orleans;

namespace Fraud.Orleans.IntegrationTests.Cluster;

/// <summary>A persistent running total, for the cluster tests.</summary>
public interface ITallyGrain : IGrainWithStringKey
{
    /// <summary>Adds, writes the state, and returns the total with the silo that holds the grain.</summary>
    Task<TallyReply> Add(int amount);

    Task<TallyReply> Get();
}
