namespace Fraud.Orleans.Ingest;

/// <summary>Where transactions come from and how the gateway consumes them.</summary>
public sealed class KafkaIngestOptions
{
    public const string Section = "Kafka";

    /// <summary>Kafka bootstrap servers; empty starts an embedded (librdkafka mock) cluster in this process.</summary>
    public string? BootstrapServers { get; set; }

    /// <summary>Topic of transactions, keyed by card id.</summary>
    public string Topic { get; set; } = "transactions";

    /// <summary>Topic of confirmed fraud labels (chargebacks, analyst confirmations), keyed by terminal id.</summary>
    public string LabelTopic { get; set; } = "fraud-labels";

    /// <summary>Topic that receives records which cannot be parsed, with the reason in a header.</summary>
    public string DeadLetterTopic { get; set; } = "transactions.dlq";

    /// <summary>Consumer group shared by all silos: partition assignment is grain placement.</summary>
    public string GroupId { get; set; } = "fraud-silos";

    /// <summary>Partitions of the topics when the embedded cluster creates them.</summary>
    public int Partitions { get; set; } = 8;

    /// <summary>Longest a broker holds a fetch waiting for data; low keeps decision latency low.</summary>
    public int FetchWaitMaxMs { get; set; } = 5;

    /// <summary>
    /// Consumer session timeout: how long before a silo that stopped heartbeating loses its partitions. It bounds
    /// failover from below (a killed silo's partitions move only after it), so it is the lowest a stock broker
    /// accepts (<c>group.min.session.timeout.ms</c>, 6 s); heartbeats go every fifth of it from librdkafka's own thread.
    /// </summary>
    public int SessionTimeoutMs { get; set; } = 6_000;

    /// <summary>
    /// Longest gap between two polls of the consumer before it leaves the group by itself (its partitions then
    /// count as lost): a silo stalled this long is treated as dead, and what it does afterwards is fenced.
    /// </summary>
    public int MaxPollIntervalMs { get; set; } = 300_000;

    /// <summary>Signals waiting for DynamoDB above which the gateway stops fetching until they drain.</summary>
    public int MaxBacklog { get; set; } = 100_000;

    /// <summary>How long a revocation waits for in-flight records to be decided.</summary>
    public TimeSpan RevokeDrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a partition dropped as fenced may stay assigned to this silo before it leaves and rejoins the group,
    /// so the group decides the partition's owner again (default: twice the 6 s session timeout, by when a group
    /// that did move the partition has told this silo); at least <see cref="SessionTimeoutMs"/>.
    /// </summary>
    public TimeSpan FencedRejoinAfter { get; set; } = TimeSpan.FromSeconds(12);

    /// <summary>
    /// How far past the silo's clock a transaction's eventTime may be before it is dead-lettered: producers' clock
    /// skew, not time zone bugs (a local time sent as UTC is hours off), which must show up in the dead letters.
    /// </summary>
    public TimeSpan MaxEventTimeAhead { get; set; } = TimeSpan.FromHours(1);

    /// <summary>librdkafka debug contexts logged at Debug level (e.g. "security,broker" to diagnose broker authentication); empty for none.</summary>
    public string? ClientDebug { get; set; }

    /// <summary>Authentication and encryption to the brokers (SASL/SCRAM, TLS); plaintext by default for embedded Kafka.</summary>
    public KafkaSecurityOptions Security { get; set; } = new();

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Topic) || string.IsNullOrWhiteSpace(DeadLetterTopic) || Topic == DeadLetterTopic)
        {
            yield return $"{Section}: {nameof(Topic)} and {nameof(DeadLetterTopic)} must be set and differ";
        }

        if (string.IsNullOrWhiteSpace(LabelTopic) || LabelTopic == Topic || LabelTopic == DeadLetterTopic)
        {
            yield return $"{Section}:{nameof(LabelTopic)} must be set and differ from the other topics";
        }

        if (string.IsNullOrWhiteSpace(GroupId))
        {
            yield return $"{Section}:{nameof(GroupId)} is empty";
        }

        if (Partitions is < 1 or > 1024)
        {
            yield return $"{Section}:{nameof(Partitions)} must be 1..1024";
        }

        if (FetchWaitMaxMs is < 0 or > 500)
        {
            yield return $"{Section}:{nameof(FetchWaitMaxMs)} must be 0..500";
        }

        if (SessionTimeoutMs is < 1000 or > 300_000)
        {
            yield return $"{Section}:{nameof(SessionTimeoutMs)} must be 1000..300000";
        }

        if (MaxPollIntervalMs < SessionTimeoutMs || MaxPollIntervalMs > 86_400_000)
        {
            yield return $"{Section}:{nameof(MaxPollIntervalMs)} must be at least {nameof(SessionTimeoutMs)} and at most 86400000";
        }

        if (FencedRejoinAfter < TimeSpan.FromMilliseconds(SessionTimeoutMs) || FencedRejoinAfter > TimeSpan.FromHours(1))
        {
            yield return $"{Section}:{nameof(FencedRejoinAfter)} must be at least {nameof(SessionTimeoutMs)} and at most 1 hour";
        }

        if (MaxBacklog < 1000)
        {
            yield return $"{Section}:{nameof(MaxBacklog)} must be at least 1000";
        }

        if (MaxEventTimeAhead < TimeSpan.Zero || MaxEventTimeAhead > TimeSpan.FromDays(7))
        {
            yield return $"{Section}:{nameof(MaxEventTimeAhead)} must be 0..7 days";
        }

        foreach (var error in Security.Validate())
        {
            yield return error;
        }
    }
}
