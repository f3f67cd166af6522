using System.Buffers;
using System.Text;
using Fraud.Orleans.GrainInterfaces;

namespace Fraud.Orleans.Ingest.Codec;

/// <summary>
/// The wire format of transactions on Kafka: the key is the card id (UTF-8), the value a JSON object
/// <c>{"transactionId":123,"cardId":"596","terminalId":3156,"amount":57.16,"eventTime":"2018-04-01T00:00:31Z"}</c>,
/// the amount a JSON number with 2 decimals, the event time ISO-8601 UTC (docs/wire-format.md). A transaction with a
/// merchant category code is written as schema version 2 (<c>{"schemaVersion":2,...,"merchantCategoryCode":"5411"}</c>),
/// one without as version 1, byte for byte what producers of version 1 write.
/// Writing formats straight into the destination bytes (no <c>Utf8JsonWriter</c>, no allocation);
/// <see cref="TryParse(ReadOnlySpan{byte}, ReadOnlySpan{byte}, out Transaction, out string?)"/> validates and
/// reports a short reason instead of throwing.
/// </summary>
public static partial class TransactionCodec
{
    /// <summary>The newest schema version this code reads and writes.</summary>
    public const int CurrentSchemaVersion = 2;

    /// <summary>Longest card id accepted, in UTF-16 characters.</summary>
    public const int MaxCardIdLength = 64;

    /// <summary>Largest amount accepted, in cents (10,000,000,000.00).</summary>
    public const long MaxAmountMinor = 1_000_000_000_000;

    /// <summary>Earliest event time that can be written: 0001-01-01T00:00:00Z.</summary>
    public const long MinEventTimeMs = -62_135_596_800_000;

    /// <summary>Latest event time that can be written: 9999-12-31T23:59:59.999Z.</summary>
    public const long MaxEventTimeMs = 253_402_300_799_999;

    private const long MillisecondsPerDay = 86_400_000;
    private static readonly int UnixEpochDayNumber = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    private static ReadOnlySpan<byte> TransactionIdPrefix => "{\"transactionId\":"u8;
    private static ReadOnlySpan<byte> CardIdPrefix => ",\"cardId\":\""u8;
    private static ReadOnlySpan<byte> TerminalIdPrefix => "\",\"terminalId\":"u8;
    private static ReadOnlySpan<byte> AmountPrefix => ",\"amount\":"u8;
    private static ReadOnlySpan<byte> EventTimePrefix => ",\"eventTime\":\""u8;
    private static ReadOnlySpan<byte> Suffix => "\"}"u8;
    private static ReadOnlySpan<byte> Version2Prefix => "{\"schemaVersion\":2,\"transactionId\":"u8;
    private static ReadOnlySpan<byte> MerchantCategoryCodePrefix => "\",\"merchantCategoryCode\":\""u8;

    // What a version 2 record adds to a version 1 record: the version field and the 4-digit code with its name.
    private static int Version2Extra => Version2Prefix.Length - TransactionIdPrefix.Length + MerchantCategoryCodePrefix.Length + 4;

    private const int FixedLength = 17 + 11 + 15 + 10 + 14 + 2;

    /// <summary>
    /// The exact number of bytes <see cref="Write(in Transaction, Span{byte})"/> produces for <paramref name="transaction"/>.
    /// </summary>
    public static int GetByteCount(in Transaction transaction)
    {
        ValidateForWrite(transaction);
        return FixedLength
            + CountChars(transaction.TransactionId)
            + CardIdByteCount(transaction.CardId)
            + CountChars(transaction.TerminalId)
            + AmountLength(transaction.AmountMinor)
            + EventTimeLength(transaction.EventTimeMs)
            + (transaction.MerchantCategoryCode is null ? 0 : Version2Extra);
    }

    /// <summary>The largest value any transaction whose card id has <paramref name="cardIdLength"/> characters can need.</summary>
    public static int GetMaxByteCount(int cardIdLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cardIdLength);
        return FixedLength + 20 + (6 * cardIdLength) + 20 + 21 + 24 + Version2Extra;
    }

    /// <summary>Writes the JSON value of <paramref name="transaction"/>; false (nothing usable written) when the destination is too small.</summary>
    /// <exception cref="ArgumentException">The card id is null or the event time is outside years 1..9999.</exception>
    public static bool TryWrite(in Transaction transaction, Span<byte> destination, out int bytesWritten)
    {
        var length = GetByteCount(transaction);
        if (destination.Length < length)
        {
            bytesWritten = 0;
            return false;
        }

        bytesWritten = WriteUnchecked(transaction, destination);
        return true;
    }

    /// <summary>Writes the JSON value of <paramref name="transaction"/> and returns its length.</summary>
    /// <exception cref="ArgumentException">The destination is too small, the card id null or the event time outside years 1..9999.</exception>
    public static int Write(in Transaction transaction, Span<byte> destination)
    {
        var length = GetByteCount(transaction);
        if (destination.Length < length)
        {
            throw new ArgumentException(FormattableString.Invariant($"The destination holds {destination.Length} bytes; the transaction needs {length}."), nameof(destination));
        }

        return WriteUnchecked(transaction, destination);
    }

    /// <summary>Writes the JSON value of <paramref name="transaction"/> to <paramref name="writer"/> and returns its length.</summary>
    public static int Write(in Transaction transaction, IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var length = GetByteCount(transaction);
        var written = WriteUnchecked(transaction, writer.GetSpan(length));
        writer.Advance(written);
        return written;
    }

    /// <summary>The JSON value of <paramref name="transaction"/> as a new array of the exact length.</summary>
    public static byte[] Serialize(in Transaction transaction)
    {
        var bytes = new byte[GetByteCount(transaction)];
        WriteUnchecked(transaction, bytes);
        return bytes;
    }

    /// <summary>The message key of a card: its id in UTF-8.</summary>
    public static byte[] SerializeKey(string cardId)
    {
        ArgumentNullException.ThrowIfNull(cardId);
        return Encoding.UTF8.GetBytes(cardId);
    }

    private static void ValidateForWrite(in Transaction transaction)
    {
        if (transaction.CardId is null)
        {
            throw new ArgumentException("The transaction has no card id.", nameof(transaction));
        }

        if (transaction.EventTimeMs is < MinEventTimeMs or > MaxEventTimeMs)
        {
            throw new ArgumentException(
                FormattableString.Invariant($"The event time {transaction.EventTimeMs} ms is outside years 1..9999."), nameof(transaction));
        }

        if (transaction.MerchantCategoryCode is < 0 or > 9999)
        {
            throw new ArgumentException(
                FormattableString.Invariant($"The merchant category code {transaction.MerchantCategoryCode} is not 4 digits."), nameof(transaction));
        }
    }

    private static int WriteUnchecked(in Transaction transaction, Span<byte> destination)
    {
        var position = 0;
        Append(transaction.MerchantCategoryCode is null ? TransactionIdPrefix : Version2Prefix, destination, ref position);
        WriteInteger(transaction.TransactionId, destination, ref position);
        Append(CardIdPrefix, destination, ref position);
        WriteCardId(transaction.CardId, destination, ref position);
        Append(TerminalIdPrefix, destination, ref position);
        WriteInteger(transaction.TerminalId, destination, ref position);
        Append(AmountPrefix, destination, ref position);
        WriteAmount(transaction.AmountMinor, destination, ref position);
        Append(EventTimePrefix, destination, ref position);
        WriteEventTime(transaction.EventTimeMs, destination, ref position);
        if (transaction.MerchantCategoryCode is { } code)
        {
            Append(MerchantCategoryCodePrefix, destination, ref position);
            WriteDigits((ulong)code, 4, destination, ref position);
        }

        Append(Suffix, destination, ref position);
        return position;
    }

    private static void Append(ReadOnlySpan<byte> text, Span<byte> destination, ref int position)
    {
        text.CopyTo(destination[position..]);
        position += text.Length;
    }

    private static ulong Magnitude(long value) => value < 0 ? (ulong)(-(value + 1)) + 1 : (ulong)value;

    private static int CountDigits(ulong value)
    {
        var digits = 1;
        while (value >= 10)
        {
            value /= 10;
            digits++;
        }

        return digits;
    }

    private static int CountChars(long value) => CountDigits(Magnitude(value)) + (value < 0 ? 1 : 0);

    private static void WriteDigits(ulong value, int digits, Span<byte> destination, ref int position)
    {
        for (var i = position + digits - 1; i >= position; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }

        position += digits;
    }

    private static void WriteInteger(long value, Span<byte> destination, ref int position)
    {
        if (value < 0)
        {
            destination[position++] = (byte)'-';
        }

        var magnitude = Magnitude(value);
        WriteDigits(magnitude, CountDigits(magnitude), destination, ref position);
    }

    private static int AmountLength(long amountMinor) =>
        (amountMinor < 0 ? 1 : 0) + CountDigits(Magnitude(amountMinor) / 100) + 3;

    /// <summary>Cents as a JSON number with exactly 2 decimals: 5716 -> 57.16, 1 -> 0.01, -50 -> -0.50.</summary>
    private static void WriteAmount(long amountMinor, Span<byte> destination, ref int position)
    {
        if (amountMinor < 0)
        {
            destination[position++] = (byte)'-';
        }

        var magnitude = Magnitude(amountMinor);
        var units = magnitude / 100;
        WriteDigits(units, CountDigits(units), destination, ref position);
        destination[position++] = (byte)'.';
        WriteDigits(magnitude % 100, 2, destination, ref position);
    }

    private static int EventTimeLength(long unixMs) => FloorModulo(unixMs, 1000) == 0 ? 20 : 24;

    /// <summary>ISO-8601 UTC: 2018-04-01T00:00:31Z, or 2018-04-01T00:00:31.250Z when the milliseconds are not zero.</summary>
    private static void WriteEventTime(long unixMs, Span<byte> destination, ref int position)
    {
        var dayIndex = FloorDivide(unixMs, MillisecondsPerDay);
        var msOfDay = unixMs - (dayIndex * MillisecondsPerDay);
        var (year, month, day) = DateOnly.FromDayNumber((int)(UnixEpochDayNumber + dayIndex));
        WriteDigits((ulong)year, 4, destination, ref position);
        destination[position++] = (byte)'-';
        WriteDigits((ulong)month, 2, destination, ref position);
        destination[position++] = (byte)'-';
        WriteDigits((ulong)day, 2, destination, ref position);
        destination[position++] = (byte)'T';
        var secondOfDay = (ulong)(msOfDay / 1000);
        WriteDigits(secondOfDay / 3600, 2, destination, ref position);
        destination[position++] = (byte)':';
        WriteDigits(secondOfDay / 60 % 60, 2, destination, ref position);
        destination[position++] = (byte)':';
        WriteDigits(secondOfDay % 60, 2, destination, ref position);
        var milliseconds = (ulong)(msOfDay % 1000);
        if (milliseconds != 0)
        {
            destination[position++] = (byte)'.';
            WriteDigits(milliseconds, 3, destination, ref position);
        }

        destination[position++] = (byte)'Z';
    }

    /// <summary>UTF-8 bytes of the card id inside a JSON string: quotes, backslashes and control characters escaped, lone surrogates as U+FFFD.</summary>
    private static int CardIdByteCount(string cardId)
    {
        var count = 0;
        for (var i = 0; i < cardId.Length; i++)
        {
            var c = cardId[i];
            if (c < 0x80)
            {
                count += c switch
                {
                    '"' or '\\' or '\b' or '\f' or '\n' or '\r' or '\t' => 2,
                    < ' ' => 6,
                    _ => 1,
                };
            }
            else if (c < 0x800)
            {
                count += 2;
            }
            else if (char.IsHighSurrogate(c) && i + 1 < cardId.Length && char.IsLowSurrogate(cardId[i + 1]))
            {
                count += 4;
                i++;
            }
            else
            {
                count += 3; // BMP character, or a lone surrogate written as U+FFFD
            }
        }

        return count;
    }

    private static void WriteCardId(string cardId, Span<byte> destination, ref int position)
    {
        for (var i = 0; i < cardId.Length; i++)
        {
            var c = cardId[i];
            if (c is >= ' ' and < (char)0x80 and not '"' and not '\\')
            {
                destination[position++] = (byte)c;
                continue;
            }

            if (c < 0x80)
            {
                destination[position++] = (byte)'\\';
                var escape = c switch
                {
                    '"' => '"',
                    '\\' => '\\',
                    '\b' => 'b',
                    '\f' => 'f',
                    '\n' => 'n',
                    '\r' => 'r',
                    '\t' => 't',
                    _ => 'u',
                };
                destination[position++] = (byte)escape;
                if (escape == 'u')
                {
                    destination[position++] = (byte)'0';
                    destination[position++] = (byte)'0';
                    destination[position++] = (byte)"0123456789abcdef"[c >> 4];
                    destination[position++] = (byte)"0123456789abcdef"[c & 0xF];
                }

                continue;
            }

            Rune rune;
            if (char.IsHighSurrogate(c) && i + 1 < cardId.Length && char.IsLowSurrogate(cardId[i + 1]))
            {
                rune = new Rune(c, cardId[i + 1]);
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                rune = Rune.ReplacementChar;
            }
            else
            {
                rune = new Rune(c);
            }

            position += rune.EncodeToUtf8(destination[position..]);
        }
    }

    private static long FloorDivide(long value, long divisor)
    {
        var quotient = value / divisor;
        return (value % divisor != 0 && value < 0) ? quotient - 1 : quotient;
    }

    private static long FloorModulo(long value, long divisor) => value - (FloorDivide(value, divisor) * divisor);
}
