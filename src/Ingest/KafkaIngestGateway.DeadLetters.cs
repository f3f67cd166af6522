using System.Globalization;
using System.Text;
using Confluent.Kafka;

namespace Fraud.Orleans.Ingest;

public sealed partial class KafkaIngestGateway
{
    public const string ReasonHeader = "fraud-dlq-reason";
    public const string SourceHeader = "fraud-dlq-source";

    private void DeadLetter(ConsumeResult<byte[], byte[]> record, string reason, PartitionProgress progress, long ticket)
    {
        _log.DeadLettered(record.Topic, record.Partition.Value, record.Offset.Value, reason);
        var message = new Message<byte[], byte[]>
        {
            Key = record.Message.Key,
            Value = record.Message.Value,
            Headers =
            [
                new Header(ReasonHeader, Encoding.UTF8.GetBytes(reason)),
                new Header(SourceHeader, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{record.Topic}/{record.Partition.Value}/{record.Offset.Value}"))),
            ],
        };

        // The source offset counts as done only once the dead letter is acknowledged: nothing is lost.
        _deadLetters!.Produce(_options.DeadLetterTopic, message, report =>
        {
            if (report.Error.IsError)
            {
                _log.KafkaError($"dead letter for {record.TopicPartitionOffset} not delivered: {report.Error.Reason}");
                return;
            }

            _metrics.OnDeadLettered();
            progress.Complete(ticket);
        });
    }
}
