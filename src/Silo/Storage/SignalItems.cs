using System.Globalization;
using System.Text;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using Fraud.Orleans.GrainInterfaces;

namespace Fraud.Orleans.Silo.Storage;

/// <summary>
/// The signal table's item layout, which the payments API reads: one item per transaction id. The features are
/// one JSON object in a string attribute, not a map of 21 number attributes: DynamoDB's work per item grows
/// with its attributes (a map cost DynamoDB Local ~22% more CPU per signal in the load benchmark), and nothing
/// queries the features inside DynamoDB.
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

    [ThreadStatic]
    private static StringBuilder? Json;

    public static Dictionary<string, AttributeValue> ToItem(in FraudSignal signal)
    {
        var reasons = new List<AttributeValue>();
        foreach (var name in ReasonCodeNames.Of(signal.Reasons))
        {
            reasons.Add(new AttributeValue { S = name });
        }

        return new Dictionary<string, AttributeValue>
        {
            [DynamoDbTables.TransactionIdAttribute] = new() { S = signal.TransactionId.ToString(CultureInfo.InvariantCulture) },
            [CardId] = new() { S = signal.CardId },
            [TerminalId] = new() { N = signal.TerminalId.ToString(CultureInfo.InvariantCulture) },
            [Amount] = new() { N = (signal.AmountMinor / 100m).ToString("0.00", CultureInfo.InvariantCulture) },
            [EventTime] = new() { S = DateTimeOffset.FromUnixTimeMilliseconds(signal.EventTimeMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) },
            [Score] = Number(signal.Score),
            [Decision] = new() { S = signal.Decision.ToString().ToUpperInvariant() },
            [Reasons] = new() { L = reasons },
            [ModelVersion] = new() { S = signal.ModelVersion },
            [Features] = new() { S = FeaturesJson(signal) },
        };
    }

    /// <summary>The <see cref="Features"/> attribute read back: every feature by name.</summary>
    public static Dictionary<string, double> ReadFeatures(Dictionary<string, AttributeValue> item)
    {
        using var document = JsonDocument.Parse(item[Features].S);
        return document.RootElement.EnumerateObject().ToDictionary(
            p => p.Name, p => p.Value.ValueKind == JsonValueKind.Null ? double.NaN : p.Value.GetDouble(), StringComparer.Ordinal);
    }

    private static string FeaturesJson(in FraudSignal signal)
    {
        var json = Json ??= new StringBuilder(1024);
        json.Clear().Append('{');
        Span<char> number = stackalloc char[32];
        for (var i = 0; i < FeatureSchema.Count; i++)
        {
            // Round-trip formatting: the API reads exactly the value the model saw.
            var value = FeatureSchema.Value(signal, i);
            json.Append(i == 0 ? "\"" : ",\"").Append(FeatureSchema.Names[i]).Append("\":");
            if (double.IsFinite(value) && value.TryFormat(number, out var written, "R", CultureInfo.InvariantCulture))
            {
                json.Append(number[..written]);
            }
            else
            {
                json.Append("null"); // JSON has no NaN or infinity
            }
        }

        return json.Append('}').ToString();
    }

    private static AttributeValue Number(double value) => new() { N = value.ToString("R", CultureInfo.InvariantCulture) };
}
