using System.Diagnostics;
using Fraud.Orleans.IntegrationTests.Clustering;
using Fraud.Orleans.IntegrationTests.Support;
using Fraud.Orleans.Tests.Infrastructure;
using Fraud.Orleans.Storage.DynamoDB;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Messaging;
using Orleans.Runtime;
using Xunit.Abstractions;

namespace Fraud.Orleans.IntegrationTests.Cluster;

[Collection(DynamoDbLocalCollection.Name)]
public sealed class DynamoDBClusterTests(DynamoDbLocalFixture dynamo, ITestOutputHelper output)
{
    private static readonly TimeSpan FailoverDeadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Three_silos_form_a_cluster_through_DynamoDB_and_a_persistent_grain_survives_the_kill_of_its_silo()
    {
        var membershipTable = DynamoDbLocalConnection.UniqueName("cluster-membership");
        var stateTable = DynamoDbLocalConnection.UniqueName("cluster-state");
        var clock = Stopwatch.StartNew();
        await using var cluster = await TallyCluster.DeployAsync(dynamo.Server, 3, membershipTable, stateTable);
        output.WriteLine($"3 silos and a client deployed in {clock.ElapsedMilliseconds} ms");

        // The silos and the client use our providers, not the test cluster's in-memory ones.
        foreach (var silo in cluster.Silos)
        {
            Assert.IsType<DynamoDBMembershipTable>(silo.ServiceProvider.GetRequiredService<IMembershipTable>());
        }

        Assert.IsType<DynamoDBGatewayListProvider>(cluster.Client.ServiceProvider.GetRequiredService<IGatewayListProvider>());

        using var table = await MembershipHarness.StartAsync(dynamo.Server, membershipTable, cluster.Options.ClusterId, tryInitTableVersion: false);
        var joined = await table.ReadAll();
        Assert.Equal(3, joined.Members.Count(m => m.Item1.Status == SiloStatus.Active));

        var grain = cluster.Client.GetGrain<ITallyGrain>("card-4111");
        TallyReply reply = null!;
        for (var i = 1; i <= 5; i++)
        {
            reply = await grain.Add(i);
        }

        Assert.Equal(15, reply.Total);
        Assert.Equal(5, reply.Writes);
        var host = cluster.Silos.Single(s => reply.Silo.Contains(s.SiloAddress.ToString(), StringComparison.Ordinal));

        clock.Restart();
        await cluster.KillSiloAsync(host);
        var moved = await Eventually.SucceedsAsync(grain.Get, FailoverDeadline, "the grain answering from a surviving silo");
        output.WriteLine($"grain answered from a survivor {clock.ElapsedMilliseconds} ms after the kill");

        Assert.DoesNotContain(host.SiloAddress.ToString(), moved.Silo, StringComparison.Ordinal);
        Assert.Equal(15, moved.Total);
        Assert.Equal(5, moved.Writes);

        // Its next write goes on from the stored ETag.
        Assert.Equal(21, (await grain.Add(6)).Total);

        await Eventually.WaitUntilAsync(
            async () => (await table.ReadRow(host.SiloAddress)).Members.SingleOrDefault()?.Item1.Status == SiloStatus.Dead,
            FailoverDeadline, "the killed silo declared dead in the DynamoDB membership table");
        output.WriteLine($"killed silo declared dead {clock.ElapsedMilliseconds} ms after the kill");
    }
}
