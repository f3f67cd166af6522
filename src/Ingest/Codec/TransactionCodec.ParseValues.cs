using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;

namespace Fraud.Orleans.Ingest.Codec;

// Reading one field's value off the JSON reader into its typed form, without allocating: the card id into
// caller-provided stack space, the event time through IsoEventTimeParser once any JSON escapes are undone.
public static partial class TransactionCodec
{
    private static bool TryReadInteger(ref Utf8JsonReader reader, out long value)
    {
        value = 0;
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out value);
    }

    private static string? ReadCardId(ref Utf8JsonReader reader, scoped Span<char> cardId, scoped Span<char> escapedScratch, out int length)
    {
        length = 0;
        var raw = reader.ValueSpan;
        if (!reader.ValueIsEscaped)
        {
            var status = Utf8.ToUtf16(raw, cardId, out _, out length, replaceInvalidSequences: false);
            return status switch
            {
                OperationStatus.Done => length == 0 ? "invalid cardId: empty" : null,
                OperationStatus.DestinationTooSmall => "invalid cardId: longer than 64 characters",
                _ => "invalid cardId: not valid UTF-8",
            };
        }

        if (raw.Length > escapedScratch.Length)
        {
            return "invalid cardId: longer than 64 characters";
        }

        int written;
        try
        {
            written = reader.CopyString(escapedScratch);
        }
        catch (InvalidOperationException)
        {
            return "invalid cardId: not a valid string";
        }

        if (written == 0)
        {
            return "invalid cardId: empty";
        }

        if (written > cardId.Length)
        {
            return "invalid cardId: longer than 64 characters";
        }

        escapedScratch[..written].CopyTo(cardId);
        length = written;
        return null;
    }

    private static bool KeyMatches(ReadOnlySpan<byte> key, ReadOnlySpan<char> cardId)
    {
        // A key that decodes to more characters than the card id cannot match: decode at most one extra.
        Span<char> decoded = stackalloc char[MaxCardIdLength + 1];
        var status = Utf8.ToUtf16(key, decoded[..(cardId.Length + 1)], out var read, out var written, replaceInvalidSequences: false);
        return status == OperationStatus.Done && read == key.Length && decoded[..written].SequenceEqual(cardId);
    }

    /// <summary>ISO 18245: exactly 4 ASCII digits as a JSON string ("0742" keeps its leading zero); -1 for anything else.</summary>
    private static short ReadMerchantCategoryCode(ref Utf8JsonReader reader)
    {
        var text = reader.ValueSpan;
        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || text.Length != 4)
        {
            return -1;
        }

        var code = 0;
        foreach (var b in text)
        {
            if ((uint)(b - '0') > 9)
            {
                return -1;
            }

            code = (code * 10) + (b - '0');
        }

        return (short)code;
    }

    private static string? ReadEventTime(ref Utf8JsonReader reader, scoped Span<byte> scratch, out long unixMs)
    {
        unixMs = 0;
        if (!reader.ValueIsEscaped)
        {
            return IsoEventTimeParser.Parse(reader.ValueSpan, out unixMs);
        }

        if (reader.ValueSpan.Length > scratch.Length)
        {
            return "invalid eventTime: not an ISO-8601 date-time";
        }

        int written;
        try
        {
            written = reader.CopyString(scratch);
        }
        catch (InvalidOperationException)
        {
            return "invalid eventTime: not an ISO-8601 date-time";
        }

        return IsoEventTimeParser.Parse(scratch[..written], out unixMs);
    }
}
