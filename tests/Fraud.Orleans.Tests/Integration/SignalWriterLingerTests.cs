using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Silo.Storage;
using Fraud.Orleans.Tests.Storage;
using Fraud.Orleans.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fraud.Orleans.Tests.Integration;

/// <summary>
/// The signal writer's linger, on DynamoDB Local with a clock that moves only when the test says: an underfull
/// batch waits for its linger, a full batch or a checkpoint's flush goes at once.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class SignalWriterLingerTests(InfrastructureFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task An_underfull_batch_waits_for_its_linger_a_full_one_or_a_flush_does_not()
    {
        var names = fixture.NewNames(partitions: 1);
        var options = new DynamoDbOptions
        {
            ServiceUrl = fixture.Infrastructure.DynamoDb.ServiceUrl.ToString(),
            StateTable = names.StateTable,
            SignalTable = names.SignalTable,
            SignalBatchLinger = TimeSpan.FromMilliseconds(200),
        };
        using var client = DynamoDbClientFactory.Create(options);
        await DynamoDbTables.EnsureCreatedAsync(client, options, CancellationToken.None);
        var clock = new ManualClock();
        var durable = new DurableSignals();
        using var writer = new DynamoDbSignalWriter(client, options, [durable], clock, new StorageMetrics(TestMeters.NewFactory()), new StorageLog(NullLogger<StorageLog>.Instance));
        await writer.StartAsync(CancellationToken.None);
        try
        {
            // 24 signals, the clock standing still: they wait. A 25th fills the batch, and all go.
            for (var id = 1; id <= 24; id++)
            {
                writer.Enqueue(Signal(id), 0);
            }

            await RoundTripsAsync(client, names.SignalTable); // time enough for a writer that does not linger to take them
            Assert.Equal(24, writer.Pending);
            Assert.Empty(durable.Ids);
            writer.Enqueue(Signal(25), 0);
            await Eventually.WaitUntilAsync(() => durable.Ids.Count == 25, Deadline, () => $"{durable.Ids.Count} of 25 durable after a full batch");

            // One signal lingers until the clock passes its linger, however long the real wait.
            writer.Enqueue(Signal(26), 0);
            await RoundTripsAsync(client, names.SignalTable);
            Assert.Equal(1, writer.Pending);
            clock.Advance(options.SignalBatchLinger);
            await Eventually.WaitUntilAsync(() => durable.Ids.Contains(26), Deadline, () => "the lone signal durable after its linger");

            // A checkpoint's flush does not linger.
            writer.Enqueue(Signal(27), 0);
            await writer.FlushAsync(CancellationToken.None).WaitAsync(Deadline);
            Assert.Contains(27L, durable.Ids);
        }
        finally
        {
            await writer.StopAsync(CancellationToken.None);
        }
    }

    private static async Task RoundTripsAsync(Amazon.DynamoDBv2.IAmazonDynamoDB client, string table)
    {
        for (var i = 0; i < 3; i++)
        {
            await client.DescribeTableAsync(table);
        }
    }

    private static FraudSignal Signal(long id) =>
        new(id, $"card-{id}", 7, 1234, 1_530_000_000_000 + id, default, default, default, 0.25f, Decision.Approve, ReasonCodes.None, "test-model");

    /// <summary>Timestamps that move only on <see cref="Advance"/>; timers stay real (the writer's retry backoff).</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Volatile.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
