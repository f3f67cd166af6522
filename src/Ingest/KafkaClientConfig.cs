using Confluent.Kafka;

namespace Fraud.Orleans.Ingest;

/// <summary>Client settings shared by the silo and the load tools.</summary>
public static class KafkaClientConfig
{
    /// <summary>
    /// Idempotent producer with murmur2 partitioning (the Java clients' mapping) and a short linger: the mock
    /// cluster collapses under many tiny batches, and a 2 ms linger costs little latency.
    /// </summary>
    public static ProducerConfig Producer(string bootstrapServers, KafkaIngestOptions? options = null) => Apply(options ?? Defaults, new ProducerConfig
    {
        BootstrapServers = bootstrapServers,
        EnableIdempotence = true,
        Acks = Acks.All,
        LingerMs = 2,
        Partitioner = Partitioner.Murmur2Random,
        MessageTimeoutMs = 0, // never give up on a record: losing one is worse than waiting
        CompressionType = CompressionType.None,
    });

    public static ConsumerConfig Consumer(string bootstrapServers, KafkaIngestOptions options) => Apply(options, new ConsumerConfig
    {
        BootstrapServers = bootstrapServers,
        GroupId = options.GroupId,
        EnableAutoCommit = false,
        EnableAutoOffsetStore = false,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        FetchWaitMaxMs = options.FetchWaitMaxMs,
        SessionTimeoutMs = options.SessionTimeoutMs,
        HeartbeatIntervalMs = Math.Max(100, options.SessionTimeoutMs / 5),
        MaxPollIntervalMs = options.MaxPollIntervalMs,

        // Incremental rebalancing: only the partitions that move are revoked, so a silo joining or dying does not
        // make every silo checkpoint and deactivate all of its grains (and reload them all from DynamoDB).
        PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
        EnablePartitionEof = false,
    });

    /// <summary>
    /// Reads assigned partitions from the start, outside any group: the group id only names the client, nothing
    /// is ever committed under it.
    /// </summary>
    public static ConsumerConfig WholeTopicReader(string bootstrapServers, KafkaIngestOptions options) => Apply(options, new ConsumerConfig
    {
        BootstrapServers = bootstrapServers,
        GroupId = $"{options.GroupId}.terminal-feed",
        EnableAutoCommit = false,
        EnableAutoOffsetStore = false,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        FetchWaitMaxMs = options.FetchWaitMaxMs,
        EnablePartitionEof = false,
    });

    /// <summary>Metadata and admin requests, under the same security as the silo's other clients.</summary>
    public static AdminClientConfig Admin(string bootstrapServers, KafkaIngestOptions options) =>
        Apply(options, new AdminClientConfig { BootstrapServers = bootstrapServers });

    private static readonly KafkaIngestOptions Defaults = new();

    private static T Apply<T>(KafkaIngestOptions options, T config) where T : ClientConfig
    {
        if (!string.IsNullOrWhiteSpace(options.ClientDebug))
        {
            config.Debug = options.ClientDebug;
        }

        return options.Security.ApplyTo(config);
    }
}
