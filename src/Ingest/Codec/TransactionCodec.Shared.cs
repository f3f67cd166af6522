using System.Text.Json;

namespace Fraud.Orleans.Ingest.Codec;

// The pieces of the transaction format that other records on Kafka share (the fraud labels carry the same ids and
// the same eventTime), exposed inside the assembly so that one writer and one reader define that text.
public static partial class TransactionCodec
{
    /// <summary>Scratch bytes <see cref="ReadIsoTime"/> needs to undo JSON escapes in a date-time string.</summary>
    internal const int IsoTimeScratchBytes = MaxEventTimeBytes;

    /// <summary>Longest text <see cref="FormatIsoTime"/> writes: 2018-04-01T00:00:31.250Z.</summary>
    internal const int MaxIsoTimeBytes = 24;

    /// <summary>Longest text <see cref="FormatInteger"/> writes: -9223372036854775808.</summary>
    internal const int MaxIntegerBytes = 20;

    internal static int IntegerByteCount(long value) => CountChars(value);

    /// <summary>Decimal ASCII, as the transactionId and terminalId of a transaction.</summary>
    internal static int FormatInteger(long value, Span<byte> destination)
    {
        var position = 0;
        WriteInteger(value, destination, ref position);
        return position;
    }

    internal static int IsoTimeByteCount(long unixMs) => EventTimeLength(unixMs);

    /// <summary>ISO-8601 UTC exactly as a transaction's eventTime; the caller checks the range (<see cref="MinEventTimeMs"/>..<see cref="MaxEventTimeMs"/>).</summary>
    internal static int FormatIsoTime(long unixMs, Span<byte> destination)
    {
        var position = 0;
        WriteEventTime(unixMs, destination, ref position);
        return position;
    }

    /// <summary>Reads a JSON string token as a transaction's eventTime is read (escapes undone, then <see cref="IsoEventTimeParser"/>).</summary>
    internal static string? ReadIsoTime(ref Utf8JsonReader reader, scoped Span<byte> scratch, out long unixMs) =>
        ReadEventTime(ref reader, scratch, out unixMs);
}
