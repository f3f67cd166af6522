using Confluent.Kafka;
using Fraud.Orleans.Ingest;

namespace Fraud.Orleans.Cli.Bench;

/// <summary>
/// The silos' consumer group as the bench sees it from outside (a consumer that never joins): its committed offsets,
/// and how far they are short of the topic's end. Committed to the end means every record's signal and card state is
/// durable (docs/durability.md), so a stop then hands nothing over and the stored card totals are final.
/// </summary>
public sealed class GroupProgress(string bootstrap, KafkaIngestOptions kafka) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly IConsumer<byte[], byte[]> _admin = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = kafka.GroupId }).Build();

    /// <summary>The committed offset of each of <paramref name="partitions"/> (negative: nothing committed).</summary>
    public Dictionary<int, long> Committed(IEnumerable<int> partitions) =>
        _admin.Committed(partitions.Select(p => new TopicPartition(kafka.Topic, p)), Timeout).ToDictionary(c => c.Partition.Value, c => c.Offset.Value);

    /// <summary>Records not yet covered by a commit, over all partitions.</summary>
    public long Uncommitted()
    {
        var committed = Committed(Enumerable.Range(0, kafka.Partitions));
        return committed.Sum(c => Math.Max(0, _admin.QueryWatermarkOffsets(new TopicPartition(kafka.Topic, c.Key), Timeout).High.Value - Math.Max(0, c.Value)));
    }

    public void Dispose() => _admin.Dispose();
}
