using Confluent.Kafka;
using Fraud.Orleans.Ingest.Labels;
using Fraud.Orleans.Tests.Integration;

namespace Fraud.Orleans.Tests.Labels;

/// <summary>Labels and watermarks through the embedded mock Kafka cluster, read back by a plain consumer.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class LabelProducerTests(InfrastructureFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public void Labels_land_by_terminal_and_each_watermark_reaches_every_partition_after_them()
    {
        var names = fixture.NewNames(partitions: 4);
        var bootstrap = fixture.Infrastructure.Kafka.BootstrapServers;
        var labels = Enumerable.Range(0, 40).Select(i => new FraudLabel(1000 + i, i % 7, 1_522_540_831_000 + (i * 60_000L))).ToList();
        const long Watermark = 1_522_541_700_000;
        using (var producer = new LabelProducer(bootstrap, names.LabelTopic))
        {
            Assert.Equal(4, producer.Partitions);
            foreach (var label in labels)
            {
                producer.Produce(label);
            }

            producer.ProduceWatermark(Watermark);
            Assert.True(producer.Flush(Deadline));
            Assert.Equal(labels.Count + 4, producer.Delivered);
            Assert.Equal(0, producer.Failed);
        }

        var read = ReadAll(bootstrap, names.LabelTopic, 4, expected: labels.Count + 4);

        Assert.Equal(labels.OrderBy(l => l.TransactionId), read.Where(r => !r.Record.IsWatermark).Select(r => r.Record.Label).OrderBy(l => l.TransactionId));
        foreach (var terminal in read.Where(r => !r.Record.IsWatermark).GroupBy(r => r.Record.Label.TerminalId))
        {
            Assert.Single(terminal.Select(r => r.Partition).Distinct());
        }

        for (var partition = 0; partition < 4; partition++)
        {
            var records = read.Where(r => r.Partition == partition).OrderBy(r => r.Offset).ToList();
            Assert.True(records[^1].Record.IsWatermark, $"partition {partition} ends with the watermark");
            Assert.Equal(Watermark, records[^1].Record.CompleteThroughMs);
            Assert.Single(records, r => r.Record.IsWatermark);
        }
    }

    internal static List<(int Partition, long Offset, LabelRecord Record)> ReadAll(string bootstrap, string topic, int partitions, int expected)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "label-reader-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
        }).Build();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var read = new List<(int, long, LabelRecord)>();
        var deadline = DateTime.UtcNow + Deadline;
        while (read.Count < expected && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null)
            {
                continue;
            }

            Assert.True(LabelCodec.TryParse(result.Message.Key, result.Message.Value, out var record, out var error), error);
            read.Add((result.Partition.Value, result.Offset.Value, record));
        }

        Assert.Equal(expected, read.Count);
        return read;
    }
}
