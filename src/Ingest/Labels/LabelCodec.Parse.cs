using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Fraud.Orleans.Ingest.Codec;

namespace Fraud.Orleans.Ingest.Labels;

// Reading a record of the labels topic: which of the two shapes it is, each field checked, a short reason when not.
public static partial class LabelCodec
{
    [Flags]
    private enum Fields
    {
        None = 0,
        TransactionId = 1,
        TerminalId = 2,
        EventTime = 4,
        LabelsCompleteThrough = 8,
        AnyOfLabel = TransactionId | TerminalId | EventTime,
    }

    /// <summary>
    /// Parses a record of the labels topic. Fields may come in any order and unknown fields are ignored. A label needs
    /// transactionId and terminalId (integers), eventTime (ISO-8601 with an offset, read as a transaction's eventTime)
    /// and a key equal to the terminal id in decimal ASCII; a watermark needs labelsCompleteThrough (same format) and
    /// no key. On failure <paramref name="error"/> is a short reason and nothing is thrown; success allocates nothing.
    /// </summary>
    [SkipLocalsInit]
    public static bool TryParse(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, out LabelRecord record, [NotNullWhen(false)] out string? error)
    {
        record = default;
        Span<byte> scratch = stackalloc byte[TransactionCodec.IsoTimeScratchBytes];
        long transactionId = 0, terminalId = 0, eventTimeMs = 0, completeThroughMs = 0;
        var seen = Fields.None;
        try
        {
            var reader = new Utf8JsonReader(value);
            if (!reader.Read())
            {
                error = "invalid JSON: empty";
                return false;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                error = "invalid JSON: not an object";
                return false;
            }

            while (true)
            {
                if (!reader.Read())
                {
                    error = "invalid JSON: truncated";
                    return false;
                }

                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    break;
                }

                var field = Identify(ref reader);
                if (!reader.Read())
                {
                    error = "invalid JSON: truncated";
                    return false;
                }

                if (field == Fields.None)
                {
                    reader.Skip();
                    continue;
                }

                if ((seen & field) != 0)
                {
                    error = "duplicate field: " + Name(field);
                    return false;
                }

                seen |= field;
                error = field switch
                {
                    Fields.TransactionId => ReadInteger(ref reader, field, out transactionId),
                    Fields.TerminalId => ReadInteger(ref reader, field, out terminalId),
                    Fields.EventTime => ReadTime(ref reader, field, scratch, out eventTimeMs),
                    _ => ReadTime(ref reader, field, scratch, out completeThroughMs),
                };
                if (error is not null)
                {
                    return false;
                }
            }

            // Anything but whitespace after the object makes the reader throw.
            if (reader.Read())
            {
                error = "invalid JSON: data after the object";
                return false;
            }
        }
        catch (JsonException)
        {
            error = value.TrimStart(" \t\r\n"u8).IsEmpty ? "invalid JSON: empty" : "invalid JSON";
            return false;
        }

        if ((seen & Fields.LabelsCompleteThrough) != 0)
        {
            error = (seen & Fields.AnyOfLabel) != 0
                ? "ambiguous record: labelsCompleteThrough (a watermark) together with label fields"
                : key.IsEmpty ? null : "key mismatch: a watermark has no key";
            record = error is null ? LabelRecord.ForWatermark(completeThroughMs) : default;
            return error is null;
        }

        error = seen == Fields.None ? "neither a label nor a watermark: no transactionId, terminalId, eventTime or labelsCompleteThrough"
            : (seen & Fields.TransactionId) == 0 ? "missing field: transactionId"
            : (seen & Fields.TerminalId) == 0 ? "missing field: terminalId"
            : (seen & Fields.EventTime) == 0 ? "missing field: eventTime"
            : key.IsEmpty ? "missing key: a label is keyed by its terminal id"
            : !KeyMatches(key, terminalId) ? "key mismatch: the message key is not the terminalId in decimal"
            : null;
        record = error is null ? LabelRecord.ForLabel(new FraudLabel(transactionId, terminalId, eventTimeMs)) : default;
        return error is null;
    }

    private static Fields Identify(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("transactionId"u8) ? Fields.TransactionId
        : reader.ValueTextEquals("terminalId"u8) ? Fields.TerminalId
        : reader.ValueTextEquals("eventTime"u8) ? Fields.EventTime
        : reader.ValueTextEquals("labelsCompleteThrough"u8) ? Fields.LabelsCompleteThrough
        : Fields.None;

    private static string Name(Fields field) => field switch
    {
        Fields.TransactionId => "transactionId",
        Fields.TerminalId => "terminalId",
        Fields.EventTime => "eventTime",
        _ => "labelsCompleteThrough",
    };

    private static string? ReadInteger(ref Utf8JsonReader reader, Fields field, out long value)
    {
        value = 0;
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out value))
        {
            return null;
        }

        return field == Fields.TransactionId ? "wrong type: transactionId must be an integer" : "wrong type: terminalId must be an integer";
    }

    private static string? ReadTime(ref Utf8JsonReader reader, Fields field, scoped Span<byte> scratch, out long unixMs)
    {
        unixMs = 0;
        if (reader.TokenType != JsonTokenType.String)
        {
            return field == Fields.EventTime ? "wrong type: eventTime must be a string" : "wrong type: labelsCompleteThrough must be a string";
        }

        var error = TransactionCodec.ReadIsoTime(ref reader, scratch, out unixMs);

        // The shared parser names the transaction's field; a watermark's reason names its own (only on failure).
        const string EventTimeReason = "invalid eventTime";
        return error is not null && field == Fields.LabelsCompleteThrough && error.StartsWith(EventTimeReason, StringComparison.Ordinal)
            ? "invalid labelsCompleteThrough" + error[EventTimeReason.Length..]
            : error;
    }

    private static bool KeyMatches(ReadOnlySpan<byte> key, long terminalId)
    {
        Span<byte> expected = stackalloc byte[MaxKeyByteCount];
        return key.SequenceEqual(expected[..TransactionCodec.FormatInteger(terminalId, expected)]);
    }
}
