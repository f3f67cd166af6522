using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Silo.Storage;
using Fraud.Orleans.Tests.Integration;
using Fraud.Orleans.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fraud.Orleans.Tests.Storage;

/// <summary>The signal writer's batches on DynamoDB Local: a key sent twice in one batch, and batches reusing their requests.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class SignalWriterBatchTests(InfrastructureFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_signal_sent_again_within_one_batch_lands_once_and_every_batch_lands_whole()
    {
        var names = fixture.NewNames(partitions: 1);
        var options = new DynamoDbOptions
        {
            ServiceUrl = fixture.Infrastructure.DynamoDb.ServiceUrl.ToString(),
            StateTable = names.StateTable,
            SignalTable = names.SignalTable,
            MaxConcurrentSignalBatches = 2, // batches come back to the pool and are reused within the test
            SignalBatchLinger = TimeSpan.FromSeconds(1), // the duplicates below share a batch
        };
        using var client = DynamoDbClientFactory.Create(options);
        await DynamoDbTables.EnsureCreatedAsync(client, options, CancellationToken.None);
        var durable = new DurableSignals();
        using var writer = new DynamoDbSignalWriter(client, options, [durable], TimeProvider.System, new StorageMetrics(TestMeters.NewFactory()), new StorageLog(NullLogger<StorageLog>.Instance));
        await writer.StartAsync(CancellationToken.None);
        try
        {
            // DynamoDB refuses a batch naming a key twice (a replay re-sends a signal): the writer must put it once.
            writer.Enqueue(Signal(1), 0);
            writer.Enqueue(Signal(2), 0);
            writer.Enqueue(Signal(1), 0);
            await writer.FlushAsync(CancellationToken.None).WaitAsync(Deadline);
            Assert.Equal([1L, 1L, 2L], durable.Ids.Order());

            // More batches than slots, of every size: each reuses an earlier batch's request and item maps.
            for (var id = 3; id <= 200; id++)
            {
                writer.Enqueue(Signal(id), 0);
            }

            await writer.FlushAsync(CancellationToken.None).WaitAsync(Deadline);
            var items = await new SignalTable(client, names.SignalTable).ScanAsync();
            Assert.Equal(200, items.Count);
            foreach (var item in items)
            {
                var id = long.Parse(item[DynamoDbTables.TransactionIdAttribute].S, System.Globalization.CultureInfo.InvariantCulture);
                Assert.Equal($"card-{id}", item[SignalItems.CardId].S);
                Assert.Equal(SignalItems.DecisionName(DecisionOf(id)), item[SignalItems.Decision].S);
            }
        }
        finally
        {
            writer.Abandon(); // a batch DynamoDB refuses for good would otherwise be retried, and the stop wait for it, forever
            await writer.StopAsync(CancellationToken.None);
        }
    }

    private static Decision DecisionOf(long id) => id % 3 == 0 ? Decision.Review : id % 3 == 1 ? Decision.Block : Decision.Approve;

    private static FraudSignal Signal(long id) =>
        new(id, $"card-{id}", 7, 1234, 1_530_000_000_000 + id, default, default, default, 0.25f, DecisionOf(id), ReasonCodes.None, "test-model");
}
