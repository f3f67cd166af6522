using System.Text.Json;

namespace Fraud.Orleans.Ingest.Codec;

/// <summary>What a codec knows of its flat JSON object: which fields it reads, and how each value is read.</summary>
/// <remarks>A ref struct can implement it, so a visitor may hold the caller's stack scratch.</remarks>
internal interface IFlatJsonFields
{
    /// <summary>The field's bit for the property name under the reader; 0 for a field to skip.</summary>
    int Identify(ref Utf8JsonReader reader);

    /// <summary>The reason given when a field comes twice (a constant: failures allocate nothing either).</summary>
    string DuplicateError(int field);

    /// <summary>Reads the value under the reader into the visitor; a short reason when it is not acceptable.</summary>
    string? Read(int field, ref Utf8JsonReader reader);
}

/// <summary>
/// Walks one JSON object of scalar fields, the shape of every record on our topics: fields in any order, unknown
/// ones skipped, a duplicate or anything after the object refused, each failure a short reason, nothing thrown.
/// Any string in it, a field name or a value (skipped ones and nested ones included), that looks like a card
/// number refuses the record (<see cref="CardNumbers"/>): card ids are tokens, and a PAN must go no further.
/// </summary>
internal static class FlatJsonObject
{
    public const string CardNumberError = "card number: a string looks like a PAN";

    /// <summary>Null when the object was read whole; <paramref name="seen"/> holds the bits of the fields read.</summary>
    public static string? Walk<TFields>(ReadOnlySpan<byte> json, ref TFields fields, out int seen)
        where TFields : IFlatJsonFields, allows ref struct
    {
        seen = 0;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read())
            {
                return "invalid JSON: empty";
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return "invalid JSON: not an object";
            }

            while (true)
            {
                if (!reader.Read())
                {
                    return "invalid JSON: truncated";
                }

                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    break;
                }

                if (HoldsCardNumber(ref reader))
                {
                    return CardNumberError;
                }

                if (!TryIdentify(ref fields, ref reader, out var field))
                {
                    return "invalid JSON: a field name escapes a lone surrogate";
                }

                if (!reader.Read())
                {
                    return "invalid JSON: truncated";
                }

                if (field == 0)
                {
                    if (!SkipValue(ref reader))
                    {
                        return CardNumberError;
                    }

                    continue;
                }

                if (HoldsCardNumber(ref reader))
                {
                    return CardNumberError;
                }

                if ((seen & field) != 0)
                {
                    return fields.DuplicateError(field);
                }

                seen |= field;
                var error = fields.Read(field, ref reader);
                if (error is not null)
                {
                    return error;
                }
            }

            // Anything but whitespace after the object makes the reader throw.
            return reader.Read() ? "invalid JSON: data after the object" : null;
        }
        catch (JsonException)
        {
            return json.TrimStart(" \t\r\n"u8).IsEmpty ? "invalid JSON: empty" : "invalid JSON";
        }
    }

    /// <summary>
    /// The field under the reader; false for a name the reader cannot unescape to compare (<c>"\ud800"</c>: the
    /// tokenizer lets a lone surrogate escape through, the comparison throws). Found by the codec's property tests.
    /// </summary>
    private static bool TryIdentify<TFields>(ref TFields fields, ref Utf8JsonReader reader, out int field)
        where TFields : IFlatJsonFields, allows ref struct
    {
        try
        {
            field = fields.Identify(ref reader);
            return true;
        }
        catch (InvalidOperationException)
        {
            field = 0;
            return false;
        }
    }

    private static bool HoldsCardNumber(ref Utf8JsonReader reader) =>
        reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName
        && CardNumbers.Contains(reader.HasValueSequence ? default : reader.ValueSpan, reader.ValueIsEscaped);

    /// <summary>Skips an unknown field's value, nested ones whole; false when a string in it looks like a card number.</summary>
    private static bool SkipValue(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return !HoldsCardNumber(ref reader);
        }

        var depth = reader.CurrentDepth;
        while (reader.Read() && reader.CurrentDepth > depth)
        {
            if (HoldsCardNumber(ref reader))
            {
                return false;
            }
        }

        return true;
    }
}
