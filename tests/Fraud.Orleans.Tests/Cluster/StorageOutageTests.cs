using Fraud.Orleans.Embedded;
using Fraud.Orleans.Simulator;
using Fraud.Orleans.Tests.Integration;
using Fraud.Orleans.Tests.Support;
using Xunit.Abstractions;

namespace Fraud.Orleans.Tests.Cluster;

/// <summary>DynamoDB or the Kafka broker down for 10 s mid-stream: the silo waits it out; nothing lost, nothing doubled.</summary>
[Collection(ClusterCollection.Name)]
public sealed class StorageOutageTests(InfrastructureFixture fixture, ITestOutputHelper output)
{
    private const int Partitions = 4;
    private const int Total = 24_000;
    private const int Rate = 1_200;
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task DynamoDB_down_for_10_s_mid_stream_commits_nothing_unpersisted_and_loses_or_doubles_nothing()
    {
        var input = TransactionSimulator.Generate(new SimulatorOptions { Customers = 2000, Seed = 5 }).Take(Total).Select(s => s.Transaction).ToList();
        var names = fixture.NewNames(Partitions);
        var bootstrap = fixture.Infrastructure.Kafka.BootstrapServers;
        using var folder = new TempFolder("ddb-outage-");
        await using var dynamoDb = await DynamoDbLocal.StartAsync(new DynamoDbLocalOptions { DbPath = folder.Path });
        var watch = new SignalWatch(Partitions);
        var cluster = new FraudCluster(bootstrap, dynamoDb.ServiceUrl, names, Partitions);
        cluster.AddSignalObserver(watch.For);
        try
        {
            var silo = await cluster.StartSiloAsync(new Dictionary<string, string?> { ["DynamoDB:RequestTimeout"] = "00:00:02" });
            await cluster.WaitForBalancedAsync(Deadline);
            Dictionary<int, long>? duringOutage = null;
            await PacedStream.RunAsync(bootstrap, names.Topic, input, Rate,
            [
                (TimeSpan.FromSeconds(8), async () =>
                {
                    // Down only once something was committed, so "nothing more is committed" says something.
                    await Eventually.WaitUntilAsync(() => silo.Metrics.CommittedRecords > 0, Deadline, () => "a first commit");
                    await dynamoDb.StopAsync();
                }),

                // A checkpoint interval in, whatever was durable before the outage is committed; from here on nothing may be.
                (TimeSpan.FromSeconds(12), () =>
                {
                    duringOutage = ClusterChecks.Committed(bootstrap, names, Partitions);
                    ClusterChecks.AssertCommittedOnlyWhatIsDurable(duringOutage, input, Partitions, watch);
                    return Task.CompletedTask;
                }),
                (TimeSpan.FromSeconds(8) + Outage, async () =>
                {
                    var atEnd = ClusterChecks.Committed(bootstrap, names, Partitions);
                    Assert.True(duringOutage!.OrderBy(c => c.Key).SequenceEqual(atEnd.OrderBy(c => c.Key)),
                        $"committed while DynamoDB was down: {Describe(duringOutage!)} -> {Describe(atEnd)}");
                    ClusterChecks.AssertCommittedOnlyWhatIsDurable(atEnd, input, Partitions, watch);
                    var committedRecords = atEnd.Values.Where(o => o > 0).Sum();
                    output.WriteLine($"committed during the outage: unchanged at {Describe(atEnd)} ({committedRecords:N0} records); {watch.DistinctDurable:N0} signals durable");
                    await dynamoDb.RestartAsync();
                }),
            ], Deadline);

            await Eventually.WaitUntilAsync(() => watch.DistinctDurable == Total, Deadline, () => $"{watch.DistinctDurable:N0} of {Total:N0} signals durable");
            await cluster.StopAllAsync(TimeSpan.FromSeconds(30));
            using var client = dynamoDb.CreateClient(c => c.Timeout = TimeSpan.FromMinutes(1));
            await ClusterChecks.AssertOneSignalPerTransactionAsync(client, names.SignalTable, input);
            await ClusterChecks.AssertCardTotalsAsync(client, names.StateTable, input);
            ClusterChecks.AssertCommittedToEnd(bootstrap, names, Partitions);
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_Kafka_broker_down_for_10_s_mid_stream_loses_or_doubles_nothing()
    {
        var input = TransactionSimulator.Generate(new SimulatorOptions { Customers = 2000, Seed = 6 }).Take(Total).Select(s => s.Transaction).ToList();
        var names = fixture.NewNames(1);
        using var kafka = MockKafkaCluster.Start();
        kafka.CreateTopic(names.Topic, Partitions);
        kafka.CreateTopic(names.DeadLetterTopic, 1);
        kafka.CreateTopic(names.LabelTopic, Partitions);
        var watch = new SignalWatch(Partitions);
        var cluster = new FraudCluster(kafka.BootstrapServers, fixture.Infrastructure.DynamoDb.ServiceUrl, names, Partitions);
        cluster.AddSignalObserver(watch.For);
        try
        {
            await cluster.StartSiloAsync();
            await cluster.WaitForBalancedAsync(Deadline);
            await PacedStream.RunAsync(kafka.BootstrapServers, names.Topic, input, Rate,
            [
                (TimeSpan.FromSeconds(5), () => { kafka.SetBrokerDown(kafka.BrokerIds[0]); return Task.CompletedTask; }),
                (TimeSpan.FromSeconds(5) + Outage, () =>
                {
                    output.WriteLine($"broker back up; {watch.DistinctDurable:N0} signals durable");
                    kafka.SetBrokerUp(kafka.BrokerIds[0]);
                    return Task.CompletedTask;
                }),
            ], Deadline);

            await Eventually.WaitUntilAsync(() => watch.DistinctDurable == Total, Deadline, () => $"{watch.DistinctDurable:N0} of {Total:N0} signals durable");
            await cluster.StopAllAsync(TimeSpan.FromSeconds(30));
            using var client = fixture.Infrastructure.DynamoDb.CreateClient(c => c.Timeout = TimeSpan.FromMinutes(1));
            await ClusterChecks.AssertOneSignalPerTransactionAsync(client, names.SignalTable, input);
            await ClusterChecks.AssertCardTotalsAsync(client, names.StateTable, input);
            ClusterChecks.AssertCommittedToEnd(kafka.BootstrapServers, names, Partitions);
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    private static string Describe(Dictionary<int, long> offsets) => string.Join(",", offsets.OrderBy(o => o.Key).Select(o => $"{o.Key}@{o.Value}"));
}
