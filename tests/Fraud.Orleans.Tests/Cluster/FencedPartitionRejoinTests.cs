using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Silo.Cards;
using Fraud.Orleans.Storage.DynamoDB;
using Fraud.Orleans.Tests.Integration;
using Fraud.Orleans.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Fraud.Orleans.Tests.Cluster;

/// <summary>
/// A silo fenced on a partition the group never takes from it (an epoch claim that outran its own, as one held up by
/// a DynamoDB outage can): without a rejoin the partition would stay paused for good; with it, it resumes.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class FencedPartitionRejoinTests(InfrastructureFixture fixture, ITestOutputHelper output)
{
    private const int Partitions = 4;
    private const string Cards = "f";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_fenced_partition_the_group_still_assigns_here_is_rejoined_and_resumes_losing_or_doubling_nothing()
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
            // The only member of its group: nobody else could ever be given the partition it is fenced on.
            var silo = await cluster.StartSiloAsync();
            await cluster.WaitForBalancedAsync(Deadline);
            Produce(bootstrap, names, input, TransactionBatches.Batch(Cards, 1, 300));
            await Eventually.WaitUntilAsync(() => silo.Metrics.CommittedRecords == 300, Deadline, () => $"committed {silo.Metrics.CommittedRecords}");

            // Its checkpoints held, it decides a second batch: the card below has changes only in memory.
            silo.Checkpoints.Stall();
            Produce(bootstrap, names, input, TransactionBatches.Batch(Cards, 301, 600));
            await Eventually.WaitUntilAsync(() => watch.DistinctDurable == 600, Deadline, () => $"{watch.DistinctDurable} signals");

            // A claim of the card's partition lands after the silo's own (a higher epoch), and its claimant writes the
            // card's state: the silo's next write of that card is refused, as a fenced write.
            var card = TransactionBatches.CardOf(Cards, 600);
            var partition = CardPartitioner.PartitionOf(card, Partitions);
            await OutrankAsync(client, names, silo, card, partition);

            silo.Checkpoints.Resume();
            await Eventually.WaitUntilAsync(() => silo.Checkpoints.FencedWrites > 0 && !silo.Owned.Contains(partition), Deadline,
                () => $"fenced {silo.Checkpoints.FencedWrites} writes, owns [{string.Join(",", silo.Owned)}]");
            var dropped = TimeProvider.System.GetTimestamp();

            // The group still assigns the partition here: records produced now reach it only if the silo rejoins.
            Produce(bootstrap, names, input, TransactionBatches.Batch(Cards, 601, 900));
            await Eventually.WaitUntilAsync(() => watch.DistinctDurable == 900 && silo.Owned.Contains(partition), Deadline,
                () => $"{watch.DistinctDurable} signals, owns [{string.Join(",", silo.Owned)}], {silo.Metrics.FencedRejoins} rejoins");
            output.WriteLine($"partition {partition} fenced; resumed {TimeProvider.System.GetElapsedTime(dropped).TotalSeconds:0.0} s later after {silo.Metrics.FencedRejoins} rejoin(s)");
            Assert.Equal(1, silo.Metrics.FencedRejoins);

            await cluster.StopAllAsync(TimeSpan.FromSeconds(30));
            await ClusterChecks.AssertOneSignalPerTransactionAsync(client, names.SignalTable, input);
            await ClusterChecks.AssertCardTotalsAsync(client, names.StateTable, input);
            ClusterChecks.AssertCommittedToEnd(bootstrap, names, Partitions);
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    /// <summary>
    /// Claims the partition's next epoch, as a claim of the silo's that outran its current one does (made before a
    /// DynamoDB outage, landed after the partition came back), and rewrites the card's stored item
    /// at that epoch (the same state, a new ETag), as its claimant would.
    /// </summary>
    private static async Task OutrankAsync(IAmazonDynamoDB client, TestNames names, FraudClusterSilo silo, string card, int partition)
    {
        var epoch = await silo.Services.GetRequiredService<PartitionEpochClaims>().ClaimAsync(names.Topic, partition, CancellationToken.None);
        await client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = names.StateTable,
            Key = new() { [DynamoDBGrainStorage.IdAttribute] = new AttributeValue { S = StoredCardStates.KeyOf(card) } },
            UpdateExpression = "SET #fence = :epoch ADD #etag :one",
            ConditionExpression = "attribute_exists(#etag)",
            ExpressionAttributeNames = new() { ["#fence"] = "Fence", ["#etag"] = "ETag" },
            ExpressionAttributeValues = new()
            {
                [":epoch"] = new AttributeValue { N = epoch.ToString(CultureInfo.InvariantCulture) },
                [":one"] = new AttributeValue { N = "1" },
            },
        });
    }

    private static void Produce(string bootstrap, TestNames names, List<Transaction> input, IEnumerable<Transaction> batch) =>
        TransactionBatches.Produce(bootstrap, names, input, batch, Deadline);
}
