using Confluent.Kafka;

namespace Fraud.Orleans.Tests.BadInput;

/// <summary>Reads a whole topic from the start, up to its end at the time of the call.</summary>
public static class TopicRecords
{
    public static List<ConsumeResult<byte[], byte[]>> ReadAll(string bootstrapServers, string topic, int partitions, TimeSpan deadline)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = $"check-{Guid.NewGuid():N}",
            EnableAutoCommit = false,
        }).Build();
        var ends = Enumerable.Range(0, partitions)
            .Select(p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), deadline).High.Value)
            .ToArray();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var records = new List<ConsumeResult<byte[], byte[]>>();
        var until = DateTime.UtcNow + deadline;
        while (records.Count < ends.Sum())
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"{topic}: read {records.Count} of {ends.Sum()} records");
            }

            var record = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (record is { IsPartitionEOF: false })
            {
                records.Add(record);
            }
        }

        return records;
    }
}
