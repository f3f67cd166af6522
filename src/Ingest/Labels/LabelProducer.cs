using Confluent.Kafka;

namespace Fraud.Orleans.Ingest.Labels;

/// <summary>
/// Publishes fraud labels keyed by terminal id (murmur2, like <see cref="TransactionProducer"/>) and watermarks to
/// every partition of the labels topic. One producer keeps each partition in the order of the calls, so a watermark
/// follows every label produced before it on that partition: a reader that reached it has those labels.
/// </summary>
public sealed class LabelProducer : IDisposable
{
    private readonly IProducer<byte[], byte[]> _producer;
    private readonly TopicPartition[] _partitions;
    private readonly Action<DeliveryReport<byte[], byte[]>> _onDelivery;
    private long _delivered;
    private long _failed;

    /// <summary>Connects and learns the topic's partitions (waiting at most <paramref name="metadataTimeout"/>, default 30 s).</summary>
    /// <exception cref="InvalidOperationException">The topic does not exist or has no partitions.</exception>
    public LabelProducer(string bootstrapServers, string topic, TimeSpan? metadataTimeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        Topic = topic;
        _producer = new ProducerBuilder<byte[], byte[]>(KafkaClientConfig.Producer(bootstrapServers)).Build();
        try
        {
            _partitions = Enumerable.Range(0, PartitionCount(metadataTimeout ?? TimeSpan.FromSeconds(30)))
                .Select(p => new TopicPartition(topic, new Partition(p)))
                .ToArray();
        }
        catch
        {
            _producer.Dispose();
            throw;
        }

        _onDelivery = report =>
        {
            if (report.Error.IsError)
            {
                Interlocked.Increment(ref _failed);
            }
            else
            {
                Interlocked.Increment(ref _delivered);
            }
        };
    }

    public string Topic { get; }

    /// <summary>Partitions of the labels topic, each of which receives every watermark.</summary>
    public int Partitions => _partitions.Length;

    /// <summary>Records (labels and watermark copies) acknowledged by the broker.</summary>
    public long Delivered => Volatile.Read(ref _delivered);

    /// <summary>Records the broker refused; the producer never times out, so these are real errors.</summary>
    public long Failed => Volatile.Read(ref _failed);

    /// <summary>Queues a label; the record timestamp is now.</summary>
    public void Produce(in FraudLabel label) =>
        Send(null, new Message<byte[], byte[]> { Key = LabelCodec.SerializeKey(label.TerminalId), Value = LabelCodec.Serialize(label), Timestamp = Now() });

    /// <summary>
    /// Queues a watermark on every partition: every label of a transaction at or before <paramref name="completeThroughMs"/>
    /// has been produced (by this producer, before this call).
    /// </summary>
    public void ProduceWatermark(long completeThroughMs)
    {
        var value = LabelCodec.SerializeWatermark(completeThroughMs); // one array serves every partition
        var timestamp = Now();
        foreach (var partition in _partitions)
        {
            Send(partition, new Message<byte[], byte[]> { Key = null!, Value = value, Timestamp = timestamp });
        }
    }

    /// <summary>Waits until everything queued is acknowledged; false when some is still in flight at the timeout.</summary>
    public bool Flush(TimeSpan timeout) => _producer.Flush(timeout) == 0;

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(10));
        _producer.Dispose();
    }

    private static Timestamp Now() => new(DateTime.UtcNow);

    private void Send(TopicPartition? partition, Message<byte[], byte[]> message)
    {
        while (true)
        {
            try
            {
                if (partition is null)
                {
                    _producer.Produce(Topic, message, _onDelivery);
                }
                else
                {
                    _producer.Produce(partition, message, _onDelivery);
                }

                return;
            }
            catch (ProduceException<byte[], byte[]> ex) when (ex.Error.Code == Confluent.Kafka.ErrorCode.Local_QueueFull)
            {
                _producer.Poll(TimeSpan.FromMilliseconds(5));
            }
        }
    }

    private int PartitionCount(TimeSpan timeout)
    {
        // Where the broker creates topics on demand (the mock cluster always does), a missing topic appears here
        // with the broker's default partition count rather than as an error; the feed reads the same partitions.
        using var admin = new DependentAdminClientBuilder(_producer.Handle).Build();
        var deadline = DateTime.UtcNow + timeout;
        string? why;
        do
        {
            var found = admin.GetMetadata(Topic, TimeSpan.FromSeconds(5)).Topics.FirstOrDefault(t => t.Topic == Topic);
            if (found is { Error.IsError: false, Partitions.Count: > 0 })
            {
                return found.Partitions.Count;
            }

            why = found?.Error.Reason ?? "no metadata";
            Thread.Sleep(100); // metadata of a topic created a moment ago may not have propagated yet
        }
        while (DateTime.UtcNow < deadline);

        throw new InvalidOperationException($"Labels topic '{Topic}' not found within {timeout.TotalSeconds:0} s ({why}).");
    }
}
