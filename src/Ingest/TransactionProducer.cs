using Confluent.Kafka;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Ingest.Codec;

namespace Fraud.Orleans.Ingest;

/// <summary>Publishes transactions keyed by card id, for the demo, load tools and tests.</summary>
public sealed class TransactionProducer : IDisposable
{
    private readonly IProducer<byte[], byte[]> _producer;
    private readonly string _topic;
    private readonly Action<DeliveryReport<byte[], byte[]>> _onDelivery;
    private long _delivered;
    private long _failed;

    public TransactionProducer(string bootstrapServers, string topic)
    {
        _producer = new ProducerBuilder<byte[], byte[]>(KafkaClientConfig.Producer(bootstrapServers)).Build();
        _topic = topic;
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

    public long Delivered => Volatile.Read(ref _delivered);

    public long Failed => Volatile.Read(ref _failed);

    /// <summary>Queues a transaction; <paramref name="traceTimeMs"/> becomes the record timestamp (default: now).</summary>
    public void Produce(in Transaction transaction, long? traceTimeMs = null) =>
        ProduceRaw(System.Text.Encoding.UTF8.GetBytes(transaction.CardId), TransactionCodec.Serialize(transaction), traceTimeMs);

    /// <summary>Queues raw bytes, e.g. a malformed record in tests of the dead-letter path.</summary>
    public void ProduceRaw(byte[]? key, byte[] value, long? traceTimeMs = null)
    {
        var message = new Message<byte[], byte[]>
        {
            Key = key!,
            Value = value,
            Timestamp = traceTimeMs is { } ms ? new Timestamp(ms, TimestampType.CreateTime) : new Timestamp(DateTime.UtcNow),
        };
        while (true)
        {
            try
            {
                _producer.Produce(_topic, message, _onDelivery);
                return;
            }
            catch (ProduceException<byte[], byte[]> ex) when (ex.Error.Code == Confluent.Kafka.ErrorCode.Local_QueueFull)
            {
                _producer.Poll(TimeSpan.FromMilliseconds(5));
            }
        }
    }

    public void Flush(TimeSpan timeout) => _producer.Flush(timeout);

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(10));
        _producer.Dispose();
    }
}
