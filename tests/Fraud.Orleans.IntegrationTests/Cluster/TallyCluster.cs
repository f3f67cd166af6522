using Fraud.Orleans.IntegrationTests.Support;
using Fraud.Orleans.Silo.Embedded;
using Fraud.Orleans.Storage.DynamoDB;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Fraud.Orleans.IntegrationTests.Cluster;

/// <summary>
/// An in-process test cluster whose silos find each other through our DynamoDB membership table and keep
/// grain state in our DynamoDB grain storage, both on DynamoDB Local.
/// </summary>
internal static class TallyCluster
{
    public const string StorageName = "tally-store";

    public static InProcessTestCluster Build(DynamoDbLocal server, short silos, string membershipTable, string stateTable)
    {
        var builder = new InProcessTestClusterBuilder(silos);

        // The test cluster's own grain directory checks silos against its in-memory membership, which ours
        // replaces (see KeepOurClustering); the distributed directory follows the membership in use.
#pragma warning disable ORLEANSEXP003
        builder.Options.UseDistributedGrainDirectory = true;
#pragma warning restore ORLEANSEXP003
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseDynamoDBClustering(o => DynamoDbLocalConnection.Connect(o, server, membershipTable));
            silo.AddDynamoDBGrainStorage(StorageName, o => DynamoDbLocalConnection.Connect(o, server, stateTable));

            // Documented liveness settings for a fast failover: a silo that misses two 1 s probes is suspected.
            silo.Services.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
            });
        });
        builder.ConfigureSiloHost((_, host) => host.ConfigureContainer(new KeepOurClustering()));
        builder.ConfigureClientHost(host => host.ConfigureContainer(new KeepOurClustering()));
        builder.ConfigureClient(client => client.UseDynamoDBClustering(o => DynamoDbLocalConnection.Connect(o, server, membershipTable)));
        return builder.Build();
    }
}
