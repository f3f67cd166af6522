using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Fraud.Orleans.GrainInterfaces;

namespace Fraud.Orleans.Ingest.Codec;

// The parse entry points: the JSON object walked by FlatJsonObject, each field read by TransactionFields.
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
    /// Versions (<c>schemaVersion</c>, absent meaning 1): v1 has the five fields; v2 adds an optional
    /// <c>merchantCategoryCode</c> (4 digits in a string), which v1 ignores as it ignores any unknown field.
    /// Rejected: invalid JSON or not an object; a schema version other than 1 or 2; any string (name or value,
    /// unknown and nested fields included) that looks like a card number (<see cref="CardNumbers"/>); a missing or duplicated field; a wrong type (ids must be integers,
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
        var fields = new TransactionFields(
            stackalloc char[MaxCardIdLength], stackalloc char[MaxEscapedCardIdBytes], stackalloc byte[MaxEventTimeBytes]);
        error = FlatJsonObject.Walk(value, ref fields, out var seenBits);
        if (error is not null)
        {
            return false;
        }

        var seen = (Fields)seenBits;
        var version = (seen & Fields.SchemaVersion) != 0 ? fields.SchemaVersion : 1;
        if (version is < 1 or > CurrentSchemaVersion)
        {
            error = "unsupported schema version: only 1 and 2 are known";
            return false;
        }

        error = MissingError(seen);
        if (error is not null)
        {
            return false;
        }

        short? merchantCategoryCode = null;
        if (version >= 2 && (seen & Fields.MerchantCategoryCode) != 0)
        {
            if (fields.MerchantCategoryCode < 0)
            {
                error = "invalid merchantCategoryCode: not a string of 4 digits";
                return false;
            }

            merchantCategoryCode = fields.MerchantCategoryCode;
        }

        var card = fields.CardId[..fields.CardIdLength];
        if (!key.IsEmpty && !KeyMatches(key, card))
        {
            error = "key mismatch: the message key is not the cardId";
            return false;
        }

        transaction = new Transaction(
            fields.TransactionId, new string(card), fields.TerminalId, fields.AmountMinor, fields.EventTimeMs, merchantCategoryCode);
        return true;
    }

    /// <summary>Parses a message value without a key (see the overload with a key).</summary>
    public static bool TryParse(ReadOnlySpan<byte> value, out Transaction transaction, [NotNullWhen(false)] out string? error) =>
        TryParse(default, value, out transaction, out error);
}
