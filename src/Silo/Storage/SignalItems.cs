using System.Globalization;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using Fraud.Orleans.GrainInterfaces;

namespace Fraud.Orleans.Silo.Storage;

/// <summary>
/// The signal table's item layout, which the payments API reads: one item per transaction id, written as DynamoDB
/// JSON straight from the signal. The features are one JSON object in a string attribute, not a map of 29 number
/// attributes: DynamoDB's work per item grows with its attributes (a map cost DynamoDB Local ~22% more CPU per
/// signal in the load benchmark), and nothing queries the features inside DynamoDB.
/// </summary>
public static class SignalItems
{
    public const string CardId = "cardId";
    public const string TerminalId = "terminalId";
    public const string Amount = "amount";
    public const string EventTime = "eventTime";
    public const string Score = "score";
    public const string Decision = "decision";
    public const string Reasons = "reasons";
    public const string ModelVersion = "modelVersion";
    public const string Features = "features";

    // Longest features object: 29 names of up to ~40 characters and 29 round-trip doubles of up to 24.
    private const int FeaturesJsonCapacity = 2048;

    // Each feature's name, already as it appears inside the quoted features string: \"NAME\":
    private static readonly byte[][] QuotedNames =
        FeatureSchema.Names.Select(n => System.Text.Encoding.ASCII.GetBytes($"\\\"{n}\\\":")).ToArray();

    /// <summary>Writes the item of <paramref name="signal"/> as a DynamoDB JSON attribute map.</summary>
    public static void WriteItem(Utf8JsonWriter json, in FraudSignal signal)
    {
        Span<byte> text = stackalloc byte[64];
        json.WriteStartObject();
        json.WriteString(DynamoDbTables.TransactionIdAttribute, Format(signal.TransactionId, text), "S");
        json.WriteString(CardId, signal.CardId, "S");
        json.WriteNumberString(TerminalId, Format(signal.TerminalId, text));
        json.WriteNumberString(Amount, FormatAmount(signal.AmountMinor, text));
        json.WriteString(EventTime, FormatEventTime(signal.EventTimeMs, text), "S");
        json.WriteNumberString(Score, FormatDouble(signal.Score, text));
        json.WriteString(Decision, DecisionName(signal.Decision), "S");
        json.WritePropertyName(Reasons);
        json.WriteStartObject();
        json.WriteStartArray("L");
        for (var bit = 0; bit < 32; bit++)
        {
            var flag = (ReasonCodes)(1u << bit);
            if ((signal.Reasons & flag) != 0)
            {
                json.WriteStartObject();
                json.WriteString("S", ReasonCodeNames.Name(flag));
                json.WriteEndObject();
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteString(ModelVersion, signal.ModelVersion, "S");
        Span<byte> features = stackalloc byte[FeaturesJsonCapacity];
        json.WritePropertyName(Features);
        json.WriteStartObject();
        json.WritePropertyName("S");
        json.WriteRawValue(QuotedFeaturesJson(signal, features), skipInputValidation: true);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>The <see cref="Features"/> attribute read back: every feature by name.</summary>
    public static Dictionary<string, double> ReadFeatures(Dictionary<string, AttributeValue> item)
    {
        using var document = JsonDocument.Parse(item[Features].S);
        return document.RootElement.EnumerateObject().ToDictionary(
            p => p.Name, p => p.Value.ValueKind == JsonValueKind.Null ? double.NaN : p.Value.GetDouble(), StringComparer.Ordinal);
    }

    /// <summary>The decision as stored: APPROVE, REVIEW or BLOCK.</summary>
    public static string DecisionName(Decision decision) => decision switch
    {
        GrainInterfaces.Decision.Approve => "APPROVE",
        GrainInterfaces.Decision.Review => "REVIEW",
        GrainInterfaces.Decision.Block => "BLOCK",
        _ => decision.ToString().ToUpperInvariant(),
    };

    private static void WriteString(this Utf8JsonWriter json, string attribute, ReadOnlySpan<byte> value, string type)
    {
        json.WritePropertyName(attribute);
        json.WriteStartObject();
        json.WriteString(type, value);
        json.WriteEndObject();
    }

    private static void WriteString(this Utf8JsonWriter json, string attribute, string value, string type)
    {
        json.WritePropertyName(attribute);
        json.WriteStartObject();
        json.WriteString(type, value);
        json.WriteEndObject();
    }

    private static void WriteNumberString(this Utf8JsonWriter json, string attribute, ReadOnlySpan<byte> value) =>
        json.WriteString(attribute, value, "N"); // DynamoDB numbers travel as strings

    private static ReadOnlySpan<byte> Format(long value, Span<byte> text) =>
        value.TryFormat(text, out var written, default, CultureInfo.InvariantCulture) ? text[..written] : throw Overflow();

    /// <summary>Cents as a decimal amount with two places ("12.34", "0.05").</summary>
    private static ReadOnlySpan<byte> FormatAmount(long minor, Span<byte> text) =>
        (minor / 100m).TryFormat(text, out var written, "0.00", CultureInfo.InvariantCulture) ? text[..written] : throw Overflow();

    private static ReadOnlySpan<byte> FormatEventTime(long unixMs, Span<byte> text) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime
            .TryFormat(text, out var written, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) ? text[..written] : throw Overflow();

    /// <summary>Round-trip formatting: the API reads exactly the value the model saw.</summary>
    private static ReadOnlySpan<byte> FormatDouble(double value, Span<byte> text) =>
        value.TryFormat(text, out var written, "R", CultureInfo.InvariantCulture) ? text[..written] : throw Overflow();

    /// <summary>
    /// The features object as a JSON string token, escaped as it is written: <c>"{\"TX_AMOUNT\":12.5,...}"</c>.
    /// Whole numbers (counts, flags) take the integer formatter, several times faster than a double's round trip
    /// and the same text.
    /// </summary>
    private static ReadOnlySpan<byte> QuotedFeaturesJson(in FraudSignal signal, Span<byte> json)
    {
        var at = 0;
        json[at++] = (byte)'"';
        json[at++] = (byte)'{';
        for (var i = 0; i < FeatureSchema.Count; i++)
        {
            if (i > 0)
            {
                json[at++] = (byte)',';
            }

            QuotedNames[i].CopyTo(json[at..]);
            at += QuotedNames[i].Length;
            var value = FeatureSchema.Value(signal, i);
            if (!double.IsFinite(value))
            {
                "null"u8.CopyTo(json[at..]); // JSON has no NaN or infinity
                at += 4;
            }
            else if (value == Math.Truncate(value) && Math.Abs(value) < 1e15 && !(value == 0 && double.IsNegative(value)))
            {
                at += Format((long)value, json[at..]).Length;
            }
            else
            {
                at += FormatDouble(value, json[at..]).Length;
            }
        }

        json[at++] = (byte)'}';
        json[at++] = (byte)'"';
        return json[..at];
    }

    private static InvalidOperationException Overflow() => new("A signal attribute did not fit its formatting buffer.");
}
