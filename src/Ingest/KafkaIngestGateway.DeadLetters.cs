using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Fraud.Orleans.Ingest.Codec;

namespace Fraud.Orleans.Ingest;

public sealed partial class KafkaIngestGateway
{
    /// <summary>Why, for people: "invalid amount: negative".</summary>
    public const string ReasonHeader = "fraud-dlq-reason";

    /// <summary>Why, for programs: one of the <see cref="DeadLetterReason"/> codes.</summary>
    public const string CodeHeader = "fraud-dlq-code";

    /// <summary>Where the record came from: topic/partition/offset.</summary>
    public const string SourceHeader = "fraud-dlq-source";

    /// <summary>Present (value "masked") when card numbers in the key or value were masked before dead-lettering.</summary>
    public const string MaskedHeader = "fraud-dlq-masked";

    /// <summary>Present, with the original value length, when the value was cut to fit the dead-letter topic.</summary>
    public const string TruncatedHeader = "fraud-dlq-truncated";

    private const int MaxLoggedKeyLength = 80;

    // A record as large as the topic allows no longer fits once the dead-letter headers are added: keep its start.
    private const int TruncatedValueBytes = 64 * 1024;

    private void DeadLetter(ConsumeResult<byte[], byte[]> record, string reason, PartitionProgress progress, long ticket)
    {
        reason = CardNumbers.Mask(reason);
        var code = DeadLetterReason.CodeOf(reason);
        var key = WithoutCardNumbers(record.Message.Key, jsonEscapes: false);
        var value = WithoutCardNumbers(record.Message.Value, jsonEscapes: true);
        _log.DeadLettered(record.Topic, record.Partition.Value, record.Offset.Value, Printable(key), code, reason);
        var headers = new Headers
        {
            new Header(ReasonHeader, Encoding.UTF8.GetBytes(reason)),
            new Header(CodeHeader, Encoding.UTF8.GetBytes(code)),
            new Header(SourceHeader, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{record.Topic}/{record.Partition.Value}/{record.Offset.Value}"))),
        };
        if (!ReferenceEquals(key, record.Message.Key) || !ReferenceEquals(value, record.Message.Value))
        {
            headers.Add(new Header(MaskedHeader, "masked"u8.ToArray()));
        }

        var message = new Message<byte[], byte[]> { Key = key!, Value = value!, Headers = headers };
        ProduceDeadLetter(message, record, code, progress, ticket);
    }

    private void ProduceDeadLetter(Message<byte[], byte[]> message, ConsumeResult<byte[], byte[]> record, string code, PartitionProgress progress, long ticket)
    {
        // The source offset counts as done only once the dead letter is acknowledged: nothing is lost.
        try
        {
            _deadLetters!.Produce(_options.DeadLetterTopic, message, report =>
            {
                if (report.Error.IsError)
                {
                    if (IsTooLarge(report.Error.Code) && Truncate(message) is { } smaller)
                    {
                        ProduceDeadLetter(smaller, record, code, progress, ticket);
                        return;
                    }

                    _log.KafkaError($"dead letter for {record.TopicPartitionOffset} not delivered: {report.Error.Reason}");
                    return;
                }

                _metrics.OnDeadLettered(code);
                progress.Complete(ticket);
            });
        }
        catch (ProduceException<byte[], byte[]> ex) when (IsTooLarge(ex.Error.Code) && Truncate(message) is { } smaller)
        {
            ProduceDeadLetter(smaller, record, code, progress, ticket);
        }
    }

    private static bool IsTooLarge(Confluent.Kafka.ErrorCode code) =>
        code is Confluent.Kafka.ErrorCode.MsgSizeTooLarge;

    /// <summary>The message with its value cut to its first bytes; null when it was already cut.</summary>
    private static Message<byte[], byte[]>? Truncate(Message<byte[], byte[]> message)
    {
        if (message.Headers.TryGetLastBytes(TruncatedHeader, out _) || message.Value is null || message.Value.Length <= TruncatedValueBytes)
        {
            return null;
        }

        var headers = new Headers();
        foreach (var header in message.Headers)
        {
            headers.Add(header);
        }

        headers.Add(new Header(TruncatedHeader, Encoding.UTF8.GetBytes(message.Value.Length.ToString(CultureInfo.InvariantCulture))));
        return new Message<byte[], byte[]> { Key = message.Key, Value = message.Value[..TruncatedValueBytes], Headers = headers };
    }

    /// <summary>The bytes themselves when they hold no card number, else a copy with each one masked (first 6, last 4 kept).</summary>
    private static byte[]? WithoutCardNumbers(byte[]? bytes, bool jsonEscapes) =>
        bytes is null || !CardNumbers.Contains(bytes, jsonEscapes) ? bytes : CardNumbers.Mask(bytes, jsonEscapes);

    /// <summary>The key for a log line: control characters and invalid UTF-8 shown as '?', cut short (no log injection, no flood).</summary>
    private static string Printable(byte[]? key)
    {
        if (key is null || key.Length == 0)
        {
            return "(none)";
        }

        var text = Encoding.UTF8.GetString(key.AsSpan(0, Math.Min(key.Length, MaxLoggedKeyLength * 4)));
        var builder = new StringBuilder(Math.Min(text.Length, MaxLoggedKeyLength + 1));
        foreach (var c in text)
        {
            if (builder.Length == MaxLoggedKeyLength)
            {
                builder.Append('…');
                break;
            }

            builder.Append(char.IsControl(c) || c == '\uFFFD' || char.IsSurrogate(c) ? '?' : c);
        }

        return builder.ToString();
    }
}
