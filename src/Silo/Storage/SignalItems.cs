using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Fraud.Orleans.GrainInterfaces;

namespace Fraud.Orleans.Silo.Storage;

/// <summary>The signal table's item layout, which the payments API reads: one item per transaction id.</summary>
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

    public static Dictionary<string, AttributeValue> ToItem(in FraudSignal signal)
    {
        var features = new Dictionary<string, AttributeValue>(FeatureSchema.Count);
        for (var i = 0; i < FeatureSchema.Count; i++)
        {
            features[FeatureSchema.Names[i]] = Number(FeatureSchema.Value(signal, i));
        }

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
            [Features] = new() { M = features },
        };
    }

    private static AttributeValue Number(double value) => new() { N = value.ToString("R", CultureInfo.InvariantCulture) };
}
