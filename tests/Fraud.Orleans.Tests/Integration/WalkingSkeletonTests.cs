using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Confluent.Kafka;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Silo.Api;
using Fraud.Orleans.Silo.Hosting;
using Fraud.Orleans.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Fraud.Orleans.Tests.Integration;

/// <summary>Kafka → card grain → ONNX model → DynamoDB, on the real components.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class WalkingSkeletonTests(InfrastructureFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly long Monday = new DateTimeOffset(2018, 4, 2, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private const long Hour = 3_600_000;
    private const long Day = 24 * Hour;

    [Fact]
    public async Task Every_transaction_gets_one_signal_with_exact_features_and_offsets_commit_only_what_is_durable()
    {
        var names = fixture.NewNames(partitions: 4);
        var silo = await TestSilo.StartAsync(fixture, names);
        try
        {
            using (var producer = new TransactionProducer(fixture.Infrastructure.Kafka.BootstrapServers, names.Topic))
            {
                // Card A in order; card B with a late event and a duplicate; one record that is not a transaction.
                producer.Produce(Tx(101, "A", Monday + 12 * Hour, 10_00));
                producer.Produce(Tx(102, "A", Monday + 13 * Hour, 20_00));
                producer.Produce(Tx(103, "A", Monday + 2 * Day + 12 * Hour, 30_00));
                producer.Produce(Tx(104, "A", Monday + 10 * Day + 12 * Hour, 40_00));
                producer.Produce(Tx(105, "A", Monday + 31 * Day + 13 * Hour, 50_00));
                producer.Produce(Tx(201, "B", Monday + 10 * Hour, 10_00));
                producer.Produce(Tx(203, "B", Monday + 14 * Hour, 30_00));
                producer.Produce(Tx(202, "B", Monday + 12 * Hour, 20_00));
                producer.Produce(Tx(201, "B", Monday + 10 * Hour, 10_00));
                producer.ProduceRaw(Encoding.UTF8.GetBytes("B"), Encoding.UTF8.GetBytes("{\"transactionId\": oops"));
                producer.Flush(Deadline);
            }

            var table = new SignalTable(silo.Services.GetRequiredService<IAmazonDynamoDB>(), names.SignalTable);
            var metrics = silo.Services.GetRequiredService<IngestMetrics>();
            await Eventually.WaitUntilAsync(async () => (await table.ScanAsync()).Count == 8 && metrics.DeadLettered == 1, Deadline,
                () => $"8 signals and 1 dead letter expected; dead letters {metrics.DeadLettered}");

            await AssertFeatures(table, 101, new CardFeatures(10, false, false, 1, 10, 1, 10, 1, 10, -1));
            await AssertFeatures(table, 102, new CardFeatures(20, false, false, 2, 15, 2, 15, 2, 15, 3600));
            await AssertFeatures(table, 103, new CardFeatures(30, false, false, 1, 30, 3, 20, 3, 20, 2 * 86400 - 3600));
            await AssertFeatures(table, 104, new CardFeatures(40, false, false, 1, 40, 1, 40, 4, 25, 8 * 86400));
            await AssertFeatures(table, 105, new CardFeatures(50, false, false, 1, 50, 1, 50, 3, 40, 21 * 86400 + 3600));
            await AssertFeatures(table, 201, new CardFeatures(10, false, false, 1, 10, 1, 10, 1, 10, -1));
            await AssertFeatures(table, 203, new CardFeatures(30, false, false, 2, 20, 2, 20, 2, 20, 4 * 3600));
            await AssertFeatures(table, 202, new CardFeatures(20, false, false, 2, 15, 2, 15, 2, 15, 2 * 3600));

            var signal = (await table.GetAsync(105))!;
            Assert.Equal("A", signal["cardId"].S);
            Assert.Equal(50.00m, decimal.Parse(signal["amount"].N, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Contains(signal["decision"].S, new[] { "APPROVE", "REVIEW", "BLOCK" });
            Assert.Equal(SharedModel.Instance.Metadata.ModelVersion, signal["modelVersion"].S);

            // The duplicate counted nothing: the live grain holds three transactions of B.
            using var http = silo.ApiClient(ApiRoles.Scorer);
            var live = await http.GetFromJsonAsync<JsonElement>("/v1/cards/B");
            Assert.Equal(3, live.GetProperty("transactionsCounted").GetInt64());
            Assert.Equal(60_00, live.GetProperty("totalAmountMinor").GetInt64());
            Assert.Equal(202, live.GetProperty("lastSignal").GetProperty("transactionId").GetInt64());

            // One silo: every card grain call of the gateway (one per decided record, the duplicate included) stays on it.
            using var operatorHttp = silo.ApiClient(ApiRoles.Operator);
            var siloStatus = await operatorHttp.GetFromJsonAsync<JsonElement>("/v1/silo");
            Assert.True(siloStatus.GetProperty("grainCalls").GetInt64() >= 9, $"grain calls: {siloStatus}");
            Assert.Equal(0, siloStatus.GetProperty("grainCallsRemote").GetInt64());

            var deadLetter = ConsumeOne(names.DeadLetterTopic);
            Assert.Equal("{\"transactionId\": oops", Encoding.UTF8.GetString(deadLetter.Message.Value));
            Assert.StartsWith("invalid JSON", Encoding.UTF8.GetString(deadLetter.Message.Headers.GetLastBytes(KafkaIngestGateway.ReasonHeader)), StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            await silo.DisposeAsync();
        }

        // After a graceful stop, every record is committed: a new owner would replay nothing.
        AssertCommittedToEnd(names);
    }

    [Fact]
    public async Task A_restarted_silo_resumes_from_durable_state_and_counts_nothing_twice()
    {
        var names = fixture.NewNames(partitions: 2);
        await using (var first = await TestSilo.StartAsync(fixture, names))
        {
            Produce(names, Tx(1, "C", Monday + 1 * Hour, 10_00), Tx(2, "C", Monday + 2 * Hour, 20_00), Tx(3, "C", Monday + 3 * Hour, 30_00));
            var table = new SignalTable(first.Services.GetRequiredService<IAmazonDynamoDB>(), names.SignalTable);
            await Eventually.WaitUntilAsync(async () => (await table.ScanAsync()).Count == 3, Deadline, () => "3 signals");
        }

        await using var second = await TestSilo.StartAsync(fixture, names);
        Produce(names, Tx(4, "C", Monday + 4 * Hour, 40_00));
        var signals = new SignalTable(second.Services.GetRequiredService<IAmazonDynamoDB>(), names.SignalTable);
        await Eventually.WaitUntilAsync(async () => await signals.GetAsync(4) is not null, Deadline, () => "signal of transaction 4");

        // 04:00 is night (hour <= 6); the three earlier transactions of C count in every window.
        await AssertFeatures(signals, 4, new CardFeatures(40, false, true, 4, 25, 4, 25, 4, 25, 3600));
        var live = await second.Services.GetRequiredService<global::Orleans.IGrainFactory>().GetGrain<ICardGrain>("C").GetLiveScoreAsync();
        Assert.Equal(4, live.TransactionsCounted);
        Assert.Equal(100_00, live.TotalAmountMinor);
    }

    [Fact]
    public async Task Start_up_reports_every_configuration_error_at_once()
    {
        var names = fixture.NewNames(partitions: 1);
        var error = await Assert.ThrowsAsync<SiloConfigurationException>(() => TestSilo.StartAsync(fixture, names, new Dictionary<string, string?>
        {
            ["Kafka:Partitions"] = "0",
            ["DynamoDB:SignalTable"] = names.StateTable,
            ["Silo:ModelPath"] = "/nonexistent/model.onnx",
        }));

        Assert.Equal(3, error.Errors.Count);
    }

    private static Transaction Tx(long id, string card, long eventTimeMs, long amountMinor) => new(id, card, 7, amountMinor, eventTimeMs);

    private void Produce(TestNames names, params Transaction[] transactions)
    {
        using var producer = new TransactionProducer(fixture.Infrastructure.Kafka.BootstrapServers, names.Topic);
        foreach (var tx in transactions)
        {
            producer.Produce(tx);
        }

        producer.Flush(Deadline);
        Assert.Equal(transactions.Length, producer.Delivered);
    }

    private static async Task AssertFeatures(SignalTable table, long transactionId, CardFeatures expected)
    {
        var item = await table.GetAsync(transactionId);
        Assert.NotNull(item);
        for (var i = 0; i < FeatureSchema.CardFeatureCount; i++)
        {
            Assert.True(expected[i] == SignalTable.Feature(item, FeatureSchema.Names[i]),
                $"transaction {transactionId}: {FeatureSchema.Names[i]} expected {expected[i]}, stored {SignalTable.Feature(item, FeatureSchema.Names[i])}");
        }
    }

    private ConsumeResult<byte[], byte[]> ConsumeOne(string topic)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = fixture.Infrastructure.Kafka.BootstrapServers,
            GroupId = $"check-{Guid.NewGuid():N}",
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe(topic);
        return consumer.Consume(Deadline) ?? throw new TimeoutException($"nothing on {topic}");
    }

    private void AssertCommittedToEnd(TestNames names)
    {
        using var admin = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = fixture.Infrastructure.Kafka.BootstrapServers,
            GroupId = names.Group,
        }).Build();
        var partitions = Enumerable.Range(0, 4).Select(p => new TopicPartition(names.Topic, p)).ToList();
        var committed = admin.Committed(partitions, Deadline);
        foreach (var c in committed)
        {
            var end = admin.QueryWatermarkOffsets(c.TopicPartition, Deadline).High;
            Assert.True(end.Value == 0 ? c.Offset == Offset.Unset || c.Offset.Value == 0 : c.Offset.Value == end.Value,
                $"{c.TopicPartition}: committed {c.Offset}, end {end}");
        }
    }
}
