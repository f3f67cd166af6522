using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Grains.Terminals;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Ingest.Terminals;
using Fraud.Orleans.Silo.Hosting;
using Fraud.Orleans.Tests.Integration;
using Fraud.Orleans.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Fraud.Orleans.Tests.Terminals;

/// <summary>
/// The terminal feed leaves the partitions a silo's gateway owns to the gateway, which hands it their records, and
/// reads a partition again when the gateway lets it go: each silo's replica still holds every terminal's activity.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class TerminalFeedHandoverTests(InfrastructureFixture fixture)
{
    private const int Partitions = 4;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly long Start = new DateTimeOffset(2018, 4, 2, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private const long Day = 86_400_000;

    [Fact]
    public async Task A_silo_owning_every_partition_fetches_each_transaction_once_and_its_replica_has_them_all()
    {
        var names = fixture.NewNames(Partitions);
        await using var silo = await TestSilo.StartAsync(fixture, names);
        var feed = silo.Services.GetRequiredService<TerminalFeed>();

        Produce(names, Round(first: 0, count: 100));
        await DecidedAsync(silo, 100);
        await Eventually.WaitUntilAsync(() => feed.PartitionsLeftToGateway == Partitions, Deadline,
            () => $"{feed.PartitionsLeftToGateway} of {Partitions} partitions left to the gateway");
        var fetchedBefore = feed.FeedTransactionRecords;

        Produce(names, Round(first: 100, count: 100));
        await DecidedAsync(silo, 200);

        Assert.Equal(fetchedBefore, feed.FeedTransactionRecords); // the feed fetched none of the second round
        Assert.Equal(200, feed.GatewayRecords);
        AssertReplicaHolds(silo, Round(0, 200));
    }

    [Fact]
    public async Task A_partition_the_gateway_lets_go_is_read_by_the_feed_again_from_where_it_stopped()
    {
        var names = fixture.NewNames(Partitions);
        await using var first = await TestSilo.StartAsync(fixture, names);
        var feed = first.Services.GetRequiredService<TerminalFeed>();
        Produce(names, Round(first: 0, count: 100));
        await DecidedAsync(first, 100);
        await Eventually.WaitUntilAsync(() => feed.PartitionsLeftToGateway == Partitions, Deadline, () => "all partitions left to the gateway");

        // A second silo joins: the first lets half of the partitions go, and its feed takes them up again.
        await using var second = await TestSilo.StartAsync(fixture, names);
        await Eventually.WaitUntilAsync(
            () => Owned(first) + Owned(second) == Partitions && Owned(first) < Partitions && feed.PartitionsLeftToGateway == Owned(first),
            Deadline, () => $"first owns {Owned(first)}, second {Owned(second)}, first's feed leaves {feed.PartitionsLeftToGateway} to its gateway");

        var secondRound = Round(first: 100, count: 100);
        Produce(names, secondRound);
        await Eventually.WaitUntilAsync(() => Decided(first) + Decided(second) >= 200, Deadline, () => "200 decided by the two silos");

        // Transactions decided by the second silo reach the first one's replica through its feed, and the other way round.
        await Eventually.WaitUntilAsync(() => MissingFrom(first, Round(0, 200)) == 0 && MissingFrom(second, Round(0, 200)) == 0, Deadline,
            () => $"missing from the first silo's replica {MissingFrom(first, Round(0, 200))}, from the second's {MissingFrom(second, Round(0, 200))}");
    }

    /// <summary>One transaction per card and per terminal (its own id), a minute apart.</summary>
    private static Transaction[] Round(int first, int count) =>
        Enumerable.Range(first, count).Select(i => new Transaction(i, $"card-{i}", 1000 + i, 10_00, Start + (i * 60_000L))).ToArray();

    private void Produce(TestNames names, Transaction[] transactions)
    {
        using var producer = new TransactionProducer(fixture.Infrastructure.Kafka.BootstrapServers, names.Topic);
        foreach (var tx in transactions)
        {
            producer.Produce(tx);
        }

        producer.Flush(Deadline);
    }

    private static Task DecidedAsync(SiloHost silo, long count) =>
        Eventually.WaitUntilAsync(() => Decided(silo) >= count, Deadline, () => $"{Decided(silo)} of {count} decided");

    private static long Decided(SiloHost silo) => silo.Services.GetRequiredService<IngestMetrics>().Consumed;

    private static int Owned(SiloHost silo) => silo.Services.GetRequiredService<KafkaIngestGateway>().OwnedPartitions.Count;

    /// <summary>Transactions whose terminal shows no activity at their time in this silo's replica (read 7 days later).</summary>
    private static int MissingFrom(SiloHost silo, Transaction[] transactions)
    {
        var replica = silo.Services.GetRequiredService<ITerminalRiskSource>();
        return transactions.Count(tx => replica.GetRisk(tx.TerminalId, tx.EventTimeMs + (7 * Day)).Count1Day != 1);
    }

    private static void AssertReplicaHolds(SiloHost silo, Transaction[] transactions) => Assert.Equal(0, MissingFrom(silo, transactions));
}
