using Amazon.DynamoDBv2;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Silo.Storage;
using Fraud.Orleans.Simulator;
using Fraud.Orleans.Tests.Integration;
using Fraud.Orleans.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Fraud.Orleans.Tests.Cluster;

/// <summary>
/// A checkpoint commits its offsets only once the signal writer's watermark passed every signal queued before it
/// (docs/durability.md, step 3). Signals usually land within milliseconds, long before a checkpoint commits, so the
/// fault tests stay green without that wait; here DynamoDB takes the silo's state writes but holds its signals.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SignalWatermarkTests(InfrastructureFixture fixture, ITestOutputHelper output)
{
    private const int Partitions = 4;
    private const int Total = 2_000;
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Signals_held_while_checkpoints_write_the_states_are_all_written_after_the_silo_is_killed()
    {
        var input = TransactionSimulator.Generate(new SimulatorOptions { Customers = 300, Seed = 8 }).Take(Total).Select(s => s.Transaction).ToList();
        var names = fixture.NewNames(Partitions);
        var bootstrap = fixture.Infrastructure.Kafka.BootstrapServers;
        var cluster = new FraudCluster(bootstrap, fixture.Infrastructure.DynamoDb.ServiceUrl, names, Partitions,
            new Dictionary<string, string?> { ["Silo:CheckpointInterval"] = CheckpointInterval.ToString() });
        using var client = fixture.Infrastructure.DynamoDb.CreateClient(c => c.Timeout = TimeSpan.FromSeconds(30));
        var hold = new SignalWriteHold(names.SignalTable);
        var watch = new SignalWatch(Partitions);
        cluster.AddSignalObserver(watch.For);
        try
        {
            var silo = await cluster.StartSiloAsync(services: services => services.AddSingleton(
                sp => hold.Over(DynamoDbClientFactory.Create(sp.GetRequiredService<DynamoDbOptions>()))));
            await cluster.WaitForBalancedAsync(Deadline);

            // One checkpoint after the last decision: a cycle that began earlier would wait for its signals forever
            // and leave the later states unwritten.
            silo.Checkpoints.Stall();
            using (var producer = new TransactionProducer(bootstrap, names.Topic))
            {
                foreach (var transaction in input)
                {
                    producer.Produce(transaction);
                }

                producer.Flush(Deadline);
            }

            await Eventually.WaitUntilAsync(() => watch.DistinctDecided == Total, Deadline, () => $"{watch.DistinctDecided} of {Total} decided");
            silo.Checkpoints.Resume();

            // That checkpoint wrote every card's state: the cycle went past its state writes.
            ClusterChecks.CardTotals? totals = null;
            await Eventually.WaitUntilAsync(async () => (totals = await ClusterChecks.CardTotalsAsync(client, names.StateTable, input)).Right, Deadline,
                () => $"every transaction in the durable card states: {totals?.Describe()}");
            var signalRows = (await TableScan.AllAsync(client, names.SignalTable, DynamoDbTables.TransactionIdAttribute)).Count;
            Assert.True(hold.Held > 0 && signalRows == 0, $"{hold.Held} signal batches held, {signalRows} signal rows written");

            // The cycle now waits for signals that never come; were it not to, it would commit within a checkpoint interval.
            var committed = new Dictionary<int, long>();
            try
            {
                await Eventually.WaitUntilAsync(() => (committed = ClusterChecks.Committed(bootstrap, names, Partitions)).Values.Any(o => o > 0),
                    CheckpointInterval * 3, () => "a commit");
            }
            catch (TimeoutException)
            {
                // Nothing committed while the signals are held: what the wait is for.
            }

            output.WriteLine($"states durable, {hold.Held} signal batches held; committed then: {string.Join(",", committed.OrderBy(c => c.Key).Select(c => $"{c.Key}@{c.Value}"))}");
            await cluster.KillSiloAsync(silo);

            // The next owner replays from the last commit: every transaction still without its signal must be in it.
            await cluster.StartSiloAsync();
            IReadOnlyList<string> behind = [];
            await Eventually.WaitUntilAsync(() => (behind = ClusterChecks.PartitionsBehind(bootstrap, names, Partitions)).Count == 0, Deadline,
                () => $"every partition committed to its end: {string.Join("; ", behind)}");
            await ClusterChecks.AssertOneSignalPerTransactionAsync(client, names.SignalTable, input);
            await ClusterChecks.AssertCardTotalsAsync(client, names.StateTable, input);
            Assert.True(committed.Values.All(o => o <= 0), $"committed while the signals were held: {string.Join(",", committed.Select(c => $"{c.Key}@{c.Value}"))}");
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }
}
