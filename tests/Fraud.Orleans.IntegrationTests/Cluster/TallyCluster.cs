using Fraud.Orleans.IntegrationTests.Support;
using Fraud.Orleans.Embedded;
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

    /// <summary>
    /// Starts the silos one after the other: started together, they race for the same table version, and
    /// Orleans backs off about 2 s after each lost race (here 3 silos at once took 4.7-5.6 s to deploy, one by one 2.1 s).
    /// </summary>
    public static async Task<InProcessTestCluster> DeployAsync(DynamoDbLocal server, int silos, string membershipTable, string stateTable)
    {
        var cluster = Build(server, membershipTable, stateTable);
        try
        {
            await cluster.DeployAsync();
            for (var i = 1; i < silos; i++)
            {
                await cluster.StartAdditionalSiloAsync();
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private static InProcessTestCluster Build(DynamoDbLocal server, string membershipTable, string stateTable)
    {
        var builder = new InProcessTestClusterBuilder(1);

        // With its membership replaced (see KeepOurClustering), the test cluster's own grain directory refused
        // every activation ("Failed to register activation in grain directory"); the distributed directory
        // follows the membership the silos use.
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
