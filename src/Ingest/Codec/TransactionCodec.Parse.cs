using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Unicode;
using Fraud.Orleans.GrainInterfaces;

namespace Fraud.Orleans.Ingest.Codec;

public static partial class TransactionCodec
{
    // Unescaped JSON text is never longer than its escaped form, and a character takes at most 6 escaped bytes (\uXXXX).
    private const int MaxEscapedCardIdBytes = MaxCardIdLength * 6;
    private const int MaxEventTimeBytes = 64;

    [Flags]
    private enum Fields
    {
        None = 0,
        TransactionId = 1,
        CardId = 2,
        TerminalId = 4,
        Amount = 8,
        EventTime = 16,
    }

    private enum AmountStatus
    {
        Ok,
        Negative,
        TooManyDecimals,
        TooLarge,
    }

    /// <summary>
    /// Parses a Kafka message. Fields may come in any order and unknown fields are ignored. A non-empty
    /// <paramref name="key"/> must equal the card id. On failure, <paramref name="error"/> is a short reason and
    /// nothing is thrown; on success the card id string is the only allocation.
    /// </summary>
    /// <remarks>
    /// Rejected: invalid JSON or not an object; a missing or duplicated field; a wrong type (ids must be integers,
    /// amount a number, cardId and eventTime strings); a negative amount, one with non-zero digits past the cents,
    /// or one above <see cref="MaxAmountMinor"/> cents (the digits are read exactly, never through a double; trailing
    /// zeros and exponents are fine); an eventTime that is not ISO-8601 with seconds and an explicit offset
    /// (<c>Z</c>, <c>+02:00</c>, <c>+0200</c>, <c>+02</c>; converted to UTC; digits past the millisecond truncated);
    /// an empty card id or one longer than <see cref="MaxCardIdLength"/> characters; a key different from cardId.
    /// </remarks>
    [SkipLocalsInit]
    public static bool TryParse(
        ReadOnlySpan<byte> key,
        ReadOnlySpan<byte> value,
        out Transaction transaction,
        [NotNullWhen(false)] out string? error)
    {
        transaction = default;
        Span<char> cardId = stackalloc char[MaxCardIdLength];
        Span<char> escapedScratch = stackalloc char[MaxEscapedCardIdBytes];
        Span<byte> timeScratch = stackalloc byte[MaxEventTimeBytes];
        var cardIdLength = 0;
        long transactionId = 0, terminalId = 0, amountMinor = 0, eventTimeMs = 0;
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
                    error = DuplicateError(field);
                    return false;
                }

                seen |= field;
                switch (field)
                {
                    case Fields.TransactionId:
                        if (!TryReadInteger(ref reader, out transactionId))
                        {
                            error = "wrong type: transactionId must be an integer";
                            return false;
                        }

                        break;

                    case Fields.TerminalId:
                        if (!TryReadInteger(ref reader, out terminalId))
                        {
                            error = "wrong type: terminalId must be an integer";
                            return false;
                        }

                        break;

                    case Fields.Amount:
                        if (reader.TokenType != JsonTokenType.Number)
                        {
                            error = "wrong type: amount must be a number";
                            return false;
                        }

                        switch (ParseAmount(reader.ValueSpan, out amountMinor))
                        {
                            case AmountStatus.Negative:
                                error = "invalid amount: negative";
                                return false;
                            case AmountStatus.TooManyDecimals:
                                error = "invalid amount: more than 2 decimals";
                                return false;
                            case AmountStatus.TooLarge:
                                error = "invalid amount: above 10000000000.00";
                                return false;
                        }

                        break;

                    case Fields.CardId:
                        if (reader.TokenType != JsonTokenType.String)
                        {
                            error = "wrong type: cardId must be a string";
                            return false;
                        }

                        error = ReadCardId(ref reader, cardId, escapedScratch, out cardIdLength);
                        if (error is not null)
                        {
                            return false;
                        }

                        break;

                    case Fields.EventTime:
                        if (reader.TokenType != JsonTokenType.String)
                        {
                            error = "wrong type: eventTime must be a string";
                            return false;
                        }

                        error = ReadEventTime(ref reader, timeScratch, out eventTimeMs);
                        if (error is not null)
                        {
                            return false;
                        }

                        break;
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

        error = MissingError(seen);
        if (error is not null)
        {
            return false;
        }

        var card = cardId[..cardIdLength];
        if (!key.IsEmpty && !KeyMatches(key, card))
        {
            error = "key mismatch: the message key is not the cardId";
            return false;
        }

        transaction = new Transaction(transactionId, new string(card), terminalId, amountMinor, eventTimeMs);
        return true;
    }

    /// <summary>Parses a message value without a key (see the overload with a key).</summary>
    public static bool TryParse(ReadOnlySpan<byte> value, out Transaction transaction, [NotNullWhen(false)] out string? error) =>
        TryParse(default, value, out transaction, out error);

    private static Fields Identify(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("transactionId"u8))
        {
            return Fields.TransactionId;
        }

        if (reader.ValueTextEquals("cardId"u8))
        {
            return Fields.CardId;
        }

        if (reader.ValueTextEquals("terminalId"u8))
        {
            return Fields.TerminalId;
        }

        if (reader.ValueTextEquals("amount"u8))
        {
            return Fields.Amount;
        }

        return reader.ValueTextEquals("eventTime"u8) ? Fields.EventTime : Fields.None;
    }

    private static string DuplicateError(Fields field) => field switch
    {
        Fields.TransactionId => "duplicate field: transactionId",
        Fields.CardId => "duplicate field: cardId",
        Fields.TerminalId => "duplicate field: terminalId",
        Fields.Amount => "duplicate field: amount",
        _ => "duplicate field: eventTime",
    };

    private static string? MissingError(Fields seen)
    {
        if ((seen & Fields.TransactionId) == 0)
        {
            return "missing field: transactionId";
        }

        if ((seen & Fields.CardId) == 0)
        {
            return "missing field: cardId";
        }

        if ((seen & Fields.TerminalId) == 0)
        {
            return "missing field: terminalId";
        }

        if ((seen & Fields.Amount) == 0)
        {
            return "missing field: amount";
        }

        return (seen & Fields.EventTime) == 0 ? "missing field: eventTime" : null;
    }

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

    private static string? ReadEventTime(ref Utf8JsonReader reader, scoped Span<byte> scratch, out long unixMs)
    {
        unixMs = 0;
        if (!reader.ValueIsEscaped)
        {
            return ParseIsoDateTime(reader.ValueSpan, out unixMs);
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

        return ParseIsoDateTime(scratch[..written], out unixMs);
    }

    /// <summary>
    /// yyyy-MM-ddTHH:mm:ss[.f{1,9}] followed by Z, ±HH:mm, ±HHmm or ±HH ('T' may be 't' or a space, 'Z' may be 'z').
    /// </summary>
    private static string? ParseIsoDateTime(ReadOnlySpan<byte> text, out long unixMs)
    {
        const string NotIso = "invalid eventTime: not an ISO-8601 date-time";
        unixMs = 0;
        if (text.Length < 19 || text[4] != (byte)'-' || text[7] != (byte)'-'
            || (text[10] != (byte)'T' && text[10] != (byte)'t' && text[10] != (byte)' ')
            || text[13] != (byte)':' || text[16] != (byte)':')
        {
            return NotIso;
        }

        if (!Digits(text[..4], out var year) || !Digits(text.Slice(5, 2), out var month) || !Digits(text.Slice(8, 2), out var day)
            || !Digits(text.Slice(11, 2), out var hour) || !Digits(text.Slice(14, 2), out var minute)
            || !Digits(text.Slice(17, 2), out var second))
        {
            return NotIso;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return NotIso;
        }

        var rest = text[19..];
        var milliseconds = 0;
        if (!rest.IsEmpty && (rest[0] == (byte)'.' || rest[0] == (byte)','))
        {
            var digits = 1;
            while (digits < rest.Length && (uint)(rest[digits] - '0') <= 9)
            {
                digits++;
            }

            var fraction = rest[1..digits];
            if (fraction.IsEmpty || fraction.Length > 9)
            {
                return NotIso;
            }

            for (var i = 0; i < 3; i++)
            {
                milliseconds = (milliseconds * 10) + (i < fraction.Length ? fraction[i] - '0' : 0);
            }

            rest = rest[digits..];
        }

        long offsetMinutes;
        if (rest.Length == 1 && (rest[0] == (byte)'Z' || rest[0] == (byte)'z'))
        {
            offsetMinutes = 0;
        }
        else if (rest.IsEmpty)
        {
            return "invalid eventTime: no UTC offset";
        }
        else if (rest[0] is (byte)'+' or (byte)'-')
        {
            var sign = rest[0] == (byte)'-' ? -1 : 1;
            var offset = rest[1..];
            int offsetHours, offsetMins = 0;
            var valid = offset.Length switch
            {
                2 => Digits(offset, out offsetHours),
                4 => Digits(offset[..2], out offsetHours) & Digits(offset[2..], out offsetMins),
                5 => Digits(offset[..2], out offsetHours) & (offset[2] == (byte)':') & Digits(offset[3..], out offsetMins),
                _ => Digits(default, out offsetHours),
            };
            if (!valid || offsetHours > 23 || offsetMins > 59)
            {
                return NotIso;
            }

            offsetMinutes = sign * ((offsetHours * 60L) + offsetMins);
        }
        else
        {
            return NotIso;
        }

        var days = (long)(new DateOnly(year, month, day).DayNumber - UnixEpochDayNumber);
        unixMs = (days * MillisecondsPerDay) + ((((hour * 60L) + minute) * 60) + second) * 1000 + milliseconds
            - (offsetMinutes * 60_000);
        if (unixMs is < MinEventTimeMs or > MaxEventTimeMs)
        {
            unixMs = 0;
            return "invalid eventTime: outside years 1..9999 in UTC";
        }

        return null;
    }

    private static bool Digits(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (var c in text)
        {
            var digit = (uint)(c - '0');
            if (digit > 9)
            {
                value = 0;
                return false;
            }

            value = (value * 10) + (int)digit;
        }

        return true;
    }

    /// <summary>
    /// A JSON number (already validated by the reader: -?int(.frac)?([eE][+-]?exp)?) to cents, exactly: every digit
    /// is placed by its decimal position, so 57.16, 5716e-2 and 57.160 all give 5716 and 57.161 is refused.
    /// </summary>
    private static AmountStatus ParseAmount(ReadOnlySpan<byte> number, out long cents)
    {
        cents = 0;
        var i = 0;
        var negative = number[0] == (byte)'-';
        if (negative)
        {
            i++;
        }

        var integerStart = i;
        while (i < number.Length && (uint)(number[i] - '0') <= 9)
        {
            i++;
        }

        var integerDigits = number[integerStart..i];
        ReadOnlySpan<byte> fractionDigits = default;
        if (i < number.Length && number[i] == (byte)'.')
        {
            var fractionStart = ++i;
            while (i < number.Length && (uint)(number[i] - '0') <= 9)
            {
                i++;
            }

            fractionDigits = number[fractionStart..i];
        }

        long exponent = 0;
        if (i < number.Length && (number[i] | 0x20) == (byte)'e')
        {
            i++;
            var exponentNegative = false;
            if (i < number.Length && number[i] is (byte)'+' or (byte)'-')
            {
                exponentNegative = number[i] == (byte)'-';
                i++;
            }

            for (; i < number.Length; i++)
            {
                exponent = Math.Min((exponent * 10) + (number[i] - '0'), 1_000_000); // saturate: far beyond any valid amount
            }

            if (exponentNegative)
            {
                exponent = -exponent;
            }
        }

        // The mantissa is integerDigits followed by fractionDigits; the digit at index j is worth 10^(point + 1 - j) cents.
        var mantissaLength = integerDigits.Length + fractionDigits.Length;
        var point = integerDigits.Length + exponent;
        int first = -1, last = -1;
        for (var j = 0; j < mantissaLength; j++)
        {
            if (MantissaDigit(integerDigits, fractionDigits, j) != 0)
            {
                if (first < 0)
                {
                    first = j;
                }

                last = j;
            }
        }

        if (first < 0)
        {
            return AmountStatus.Ok; // zero, "-0" included
        }

        if (negative)
        {
            return AmountStatus.Negative;
        }

        if (point + 1 - last < 0)
        {
            return AmountStatus.TooManyDecimals;
        }

        if (point + 1 - first > 12)
        {
            return AmountStatus.TooLarge; // at least 10^13 cents
        }

        long value = 0;
        for (long j = first; j <= point + 1; j++)
        {
            value = (value * 10) + (j < mantissaLength ? MantissaDigit(integerDigits, fractionDigits, (int)j) : 0);
        }

        if (value > MaxAmountMinor)
        {
            return AmountStatus.TooLarge;
        }

        cents = value;
        return AmountStatus.Ok;
    }

    private static int MantissaDigit(ReadOnlySpan<byte> integerDigits, ReadOnlySpan<byte> fractionDigits, int index) =>
        index < integerDigits.Length ? integerDigits[index] - '0' : fractionDigits[index - integerDigits.Length] - '0';
}
