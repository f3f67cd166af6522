using System.Globalization;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using Fraud.Orleans.GrainInterfaces;

namespace Fraud.Orleans.Silo.Storage;

/// <summary>
/// The signal table's item layout, which the payments API reads: one item per transaction id. The features are
/// one JSON object in a string attribute, not a map of 29 number attributes: DynamoDB's work per item grows with
/// its attributes (a map cost DynamoDB Local ~22% more CPU per signal in the load benchmark), and so does the
/// SDK's marshalling; nothing queries the features inside DynamoDB.
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

    /// <summary>The shadow model's score and version, on signals decided while a challenger is scored beside the champion.</summary>
    public const string ChallengerScore = "challengerScore";

    /// <inheritdoc cref="ChallengerScore"/>
    public const string ChallengerVersion = "challengerVersion";

    // Longest features object: 29 names of up to ~40 characters and 29 round-trip doubles of up to 24.
    private const int FeaturesJsonCapacity = 2048;

    // Each feature's name as it opens its member of the features object: "NAME":
    private static readonly string[] QuotedNames = FeatureSchema.Names.Select(n => $"\"{n}\":").ToArray();

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

    /// <summary>Cents as a decimal amount with two places ("12.34", "0.05").</summary>
    public static string FormatAmount(long minor) => (minor / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    public static string FormatEventTime(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Round-trip formatting: the API reads exactly the value the model saw.</summary>
    public static string FormatScore(float score) => ((double)score).ToString("R", CultureInfo.InvariantCulture);

    /// <summary>
    /// The features as one JSON object: <c>{"TX_AMOUNT":12.5,...}</c>. Whole numbers (counts, flags) take the
    /// integer formatter, several times faster than a double's round trip and the same text.
    /// </summary>
    public static string FeaturesJson(in FraudSignal signal)
    {
        Span<char> json = stackalloc char[FeaturesJsonCapacity];
        var at = 0;
        json[at++] = '{';
        for (var i = 0; i < FeatureSchema.Count; i++)
        {
            if (i > 0)
            {
                json[at++] = ',';
            }

            QuotedNames[i].CopyTo(json[at..]);
            at += QuotedNames[i].Length;
            var value = FeatureSchema.Value(signal, i);
            bool formatted;
            int written;
            if (!double.IsFinite(value))
            {
                formatted = "null".TryCopyTo(json[at..]); // JSON has no NaN or infinity
                written = 4;
            }
            else if (value == Math.Truncate(value) && Math.Abs(value) < 1e15 && !(value == 0 && double.IsNegative(value)))
            {
                formatted = ((long)value).TryFormat(json[at..], out written, default, CultureInfo.InvariantCulture);
            }
            else
            {
                formatted = value.TryFormat(json[at..], out written, "R", CultureInfo.InvariantCulture);
            }

            at += formatted ? written : throw new InvalidOperationException("The features did not fit their formatting buffer.");
        }

        json[at++] = '}';
        return new string(json[..at]);
    }
}
