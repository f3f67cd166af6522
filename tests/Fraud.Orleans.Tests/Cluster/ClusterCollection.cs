using Fraud.Orleans.Tests.Integration;

namespace Fraud.Orleans.Tests.Cluster;

/// <summary>
/// The cluster tests run alone, after the others, on infrastructure of their own: three silos, a mock broker and
/// DynamoDB Local share two cores, and a test elsewhere eating CPU stalls heartbeats into rebalances that are the
/// machine's doing, not the code's.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection : ICollectionFixture<InfrastructureFixture>
{
    public const string Name = "cluster";
}
