using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Fraud.Orleans.GrainInterfaces;

namespace Fraud.Orleans.Ingest.Codec;

// The parse entry points: walking the JSON object and dispatching each field to its reader.
public static partial class TransactionCodec
{
    // Unescaped JSON text is never longer than its escaped form, and a character takes at most 6 escaped bytes (\uXXXX).
    private const int MaxEscapedCardIdBytes = MaxCardIdLength * 6;
    private const int MaxEventTimeBytes = 64;

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

                        switch (JsonAmountParser.Parse(reader.ValueSpan, out amountMinor))
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
}
