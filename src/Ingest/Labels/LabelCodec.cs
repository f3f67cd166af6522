using Fraud.Orleans.Ingest.Codec;

namespace Fraud.Orleans.Ingest.Labels;

/// <summary>
/// The wire format of the labels topic. A label: key = the terminal id in decimal ASCII (all labels of a terminal on
/// one partition), value <c>{"transactionId":123,"terminalId":3156,"eventTime":"2018-04-01T00:00:31Z"}</c> with the
/// transaction's event time. A watermark: no key, value <c>{"labelsCompleteThrough":"2018-04-01T00:15:00Z"}</c>,
/// written to every partition. Ids and times are written by <see cref="TransactionCodec"/>'s own formatters, so a
/// label's eventTime is byte for byte its transaction's. Writing allocates nothing; see <c>LabelCodec.Parse.cs</c>
/// for reading.
/// </summary>
public static partial class LabelCodec
{
    private static ReadOnlySpan<byte> TransactionIdPrefix => "{\"transactionId\":"u8;
    private static ReadOnlySpan<byte> TerminalIdPrefix => ",\"terminalId\":"u8;
    private static ReadOnlySpan<byte> EventTimePrefix => ",\"eventTime\":\""u8;
    private static ReadOnlySpan<byte> WatermarkPrefix => "{\"labelsCompleteThrough\":\""u8;
    private static ReadOnlySpan<byte> Suffix => "\"}"u8;

    /// <summary>The most bytes any label value needs.</summary>
    public const int MaxLabelByteCount = 17 + TransactionCodec.MaxIntegerBytes + 14 + TransactionCodec.MaxIntegerBytes + 14
        + TransactionCodec.MaxIsoTimeBytes + 2;

    /// <summary>The most bytes any watermark value needs.</summary>
    public const int MaxWatermarkByteCount = 26 + TransactionCodec.MaxIsoTimeBytes + 2;

    /// <summary>The most bytes a key (a terminal id) needs.</summary>
    public const int MaxKeyByteCount = TransactionCodec.MaxIntegerBytes;

    /// <summary>The exact length of <paramref name="label"/>'s value.</summary>
    /// <exception cref="ArgumentException">The event time is outside years 1..9999.</exception>
    public static int GetByteCount(in FraudLabel label)
    {
        CheckTime(label.EventTimeMs, nameof(label));
        return TransactionIdPrefix.Length + TransactionCodec.IntegerByteCount(label.TransactionId)
            + TerminalIdPrefix.Length + TransactionCodec.IntegerByteCount(label.TerminalId)
            + EventTimePrefix.Length + TransactionCodec.IsoTimeByteCount(label.EventTimeMs) + Suffix.Length;
    }

    /// <summary>Writes <paramref name="label"/>'s value and returns its length.</summary>
    /// <exception cref="ArgumentException">The destination is too small or the event time outside years 1..9999.</exception>
    public static int Write(in FraudLabel label, Span<byte> destination)
    {
        var length = GetByteCount(label);
        CheckRoom(destination, length);
        var position = Append(TransactionIdPrefix, destination, 0);
        position += TransactionCodec.FormatInteger(label.TransactionId, destination[position..]);
        position = Append(TerminalIdPrefix, destination, position);
        position += TransactionCodec.FormatInteger(label.TerminalId, destination[position..]);
        position = Append(EventTimePrefix, destination, position);
        position += TransactionCodec.FormatIsoTime(label.EventTimeMs, destination[position..]);
        return Append(Suffix, destination, position);
    }

    /// <summary>Writes the value of a watermark and returns its length.</summary>
    /// <exception cref="ArgumentException">The destination is too small or the time outside years 1..9999.</exception>
    public static int WriteWatermark(long completeThroughMs, Span<byte> destination)
    {
        CheckTime(completeThroughMs, nameof(completeThroughMs));
        var length = WatermarkPrefix.Length + TransactionCodec.IsoTimeByteCount(completeThroughMs) + Suffix.Length;
        CheckRoom(destination, length);
        var position = Append(WatermarkPrefix, destination, 0);
        position += TransactionCodec.FormatIsoTime(completeThroughMs, destination[position..]);
        return Append(Suffix, destination, position);
    }

    /// <summary>Writes the key of a label: its terminal id in decimal ASCII.</summary>
    public static int WriteKey(long terminalId, Span<byte> destination)
    {
        CheckRoom(destination, TransactionCodec.IntegerByteCount(terminalId));
        return TransactionCodec.FormatInteger(terminalId, destination);
    }

    /// <summary>A label's value as a new array of the exact length.</summary>
    public static byte[] Serialize(in FraudLabel label)
    {
        var bytes = new byte[GetByteCount(label)];
        Write(label, bytes);
        return bytes;
    }

    /// <summary>A watermark's value as a new array of the exact length.</summary>
    public static byte[] SerializeWatermark(long completeThroughMs)
    {
        Span<byte> buffer = stackalloc byte[MaxWatermarkByteCount];
        return buffer[..WriteWatermark(completeThroughMs, buffer)].ToArray();
    }

    /// <summary>A label's key as a new array.</summary>
    public static byte[] SerializeKey(long terminalId)
    {
        Span<byte> buffer = stackalloc byte[MaxKeyByteCount];
        return buffer[..WriteKey(terminalId, buffer)].ToArray();
    }

    private static int Append(ReadOnlySpan<byte> text, Span<byte> destination, int position)
    {
        text.CopyTo(destination[position..]);
        return position + text.Length;
    }

    private static void CheckTime(long unixMs, string parameter)
    {
        if (unixMs is < TransactionCodec.MinEventTimeMs or > TransactionCodec.MaxEventTimeMs)
        {
            throw new ArgumentException(FormattableString.Invariant($"The time {unixMs} ms is outside years 1..9999."), parameter);
        }
    }

    private static void CheckRoom(Span<byte> destination, int length)
    {
        if (destination.Length < length)
        {
            throw new ArgumentException(
                FormattableString.Invariant($"The destination holds {destination.Length} bytes; the record needs {length}."), nameof(destination));
        }
    }
}
