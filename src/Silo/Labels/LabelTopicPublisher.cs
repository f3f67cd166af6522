using Confluent.Kafka;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Ingest.Labels;

namespace Fraud.Orleans.Silo.Labels;

/// <summary>
/// Publishes analysts' fraud labels to <c>Kafka:LabelTopic</c> in the labels topic's own format (keyed by terminal),
/// with the silo's Kafka security settings, and waits for the broker's acknowledgement: a label the analyst was told
/// is in has reached every silo's terminal feed or will.
/// </summary>
public sealed class LabelTopicPublisher : IDisposable
{
    private readonly KafkaIngestOptions _options;
    private readonly Lazy<IProducer<byte[], byte[]>> _producer;

    public LabelTopicPublisher(KafkaIngestOptions options)
    {
        _options = options;
        _producer = new(() => new ProducerBuilder<byte[], byte[]>(KafkaClientConfig.Producer(options.BootstrapServers!, options)).Build());
    }

    public async Task PublishAsync(FraudLabel label, CancellationToken cancellationToken)
    {
        var message = new Message<byte[], byte[]>
        {
            Key = LabelCodec.SerializeKey(label.TerminalId),
            Value = LabelCodec.Serialize(label),
            Timestamp = new Timestamp(DateTime.UtcNow),
        };
        await _producer.Value.ProduceAsync(_options.LabelTopic, message, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (_producer.IsValueCreated)
        {
            _producer.Value.Flush(TimeSpan.FromSeconds(5));
            _producer.Value.Dispose();
        }
    }
}
