using Amazon.DynamoDBv2;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Tests.Integration;
using Fraud.Orleans.Tests.Support;
using Xunit.Abstractions;

namespace Fraud.Orleans.Tests.Cluster;

/// <summary>A silo stalled past its group membership comes back as a zombie: fenced, it writes nothing over the new owner.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ZombieSiloTests(InfrastructureFixture fixture, ITestOutputHelper output)
{
    private const int Partitions = 4;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_stalled_silo_that_lost_its_partitions_cannot_overwrite_the_new_owner_and_stops_processing_them()
    {
        var names = fixture.NewNames(Partitions);
        var bootstrap = fixture.Infrastructure.Kafka.BootstrapServers;
        var watch = new SignalWatch(Partitions);
        var cluster = new FraudCluster(bootstrap, fixture.Infrastructure.DynamoDb.ServiceUrl, names, Partitions);
        cluster.AddSignalObserver(watch.For);
        using var client = fixture.Infrastructure.DynamoDb.CreateClient(c => c.Timeout = TimeSpan.FromSeconds(30));
        var input = new List<Transaction>();
        try
        {
            // A short poll interval: the zombie is out of the group a few seconds after it stalls.
            var zombie = await cluster.StartSiloAsync(new Dictionary<string, string?> { ["Kafka:MaxPollIntervalMs"] = "7000" });
            await cluster.WaitForBalancedAsync(Deadline);
            Produce(bootstrap, names, input, Batch(1, 300));
            await Eventually.WaitUntilAsync(() => zombie.Metrics.CommittedRecords == 300, Deadline, () => $"committed {zombie.Metrics.CommittedRecords}");

            // Its checkpoints held, it decides a second batch: state changed in memory only, offsets uncommitted.
            zombie.Checkpoints.Stall();
            Produce(bootstrap, names, input, Batch(301, 600));
            await Eventually.WaitUntilAsync(() => watch.DistinctDurable == 600, Deadline, () => $"{watch.DistinctDurable} signals");
            zombie.Gateway.Stall();
            var lost = zombie.Owned;

            var owner = await cluster.StartSiloAsync();
            await Eventually.WaitUntilAsync(() => owner.Owned.Count == Partitions, Deadline, () => $"new owner has [{string.Join(",", owner.Owned)}]");
            // Its commit metric counts offsets from 0 on a partition it is newly assigned: 600 means all committed.
            await Eventually.WaitUntilAsync(() => owner.Metrics.CommittedRecords == 600, Deadline, () => $"new owner committed {owner.Metrics.CommittedRecords}");
            var before = await StateItemsAsync(client, names.StateTable);

            // The zombie resumes its checkpoint: every write it tries is refused, and it drops the partitions.
            zombie.Checkpoints.Resume();
            await Eventually.WaitUntilAsync(() => zombie.Checkpoints.FencedWrites > 0 && zombie.Owned.Count == 0, Deadline,
                () => $"zombie fenced {zombie.Checkpoints.FencedWrites} writes, still owns [{string.Join(",", zombie.Owned)}]");
            output.WriteLine($"zombie had [{string.Join(",", lost)}]; {zombie.Checkpoints.FencedWrites} writes fenced");
            var after = await StateItemsAsync(client, names.StateTable);
            Assert.Equal(before, after);

            // Resumed, it hears it lost them, rejoins, and may legitimately own some again: the end state is exact.
            zombie.Gateway.Resume();
            Produce(bootstrap, names, input, Batch(601, 900));
            await Eventually.WaitUntilAsync(() => watch.DistinctDurable == 900, Deadline, () => $"{watch.DistinctDurable} signals");
            await cluster.StopAllAsync(TimeSpan.FromSeconds(30));
            await ClusterChecks.AssertOneSignalPerTransactionAsync(client, names.SignalTable, input);
            await ClusterChecks.AssertCardTotalsAsync(client, names.StateTable, input);
            var overlaps = cluster.Placement.Overlaps();
            output.WriteLine($"{overlaps.Count} overlapping activations (the zombie's, while it believed it owned its partitions)");
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    private static IEnumerable<Transaction> Batch(int from, int to) => TransactionBatches.Batch("z", from, to);

    private static void Produce(string bootstrap, TestNames names, List<Transaction> input, IEnumerable<Transaction> batch) =>
        TransactionBatches.Produce(bootstrap, names, input, batch, Deadline);

    private static async Task<Dictionary<string, string>> StateItemsAsync(IAmazonDynamoDB client, string table) =>
        (await StoredCardStates.ScanAsync(client, table))
            .ToDictionary(i => i.Key, i => $"{i.Value.ETag}/{i.Value.Fence}/{Convert.ToBase64String(i.Value.State)}");
}
