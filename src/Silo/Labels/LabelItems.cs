using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Fraud.Orleans.Silo.Reviews;
using Fraud.Orleans.Silo.Storage;

namespace Fraud.Orleans.Silo.Labels;

/// <summary>The labels table's item layout: one item per labelled transaction id, the latest label winning.</summary>
public static class LabelItems
{
    public const string CardId = "cardId";
    public const string TerminalId = "terminalId";
    public const string EventTime = "eventTime";
    public const string Label = "label";
    public const string LabelledBy = "labelledBy";
    public const string LabelledAt = "labelledAt";

    public const string Fraud = "fraud";
    public const string Genuine = "genuine";

    public static Dictionary<string, AttributeValue> Of(ReviewLabel label) => new(StringComparer.Ordinal)
    {
        [DynamoDbTables.TransactionIdAttribute] = new() { S = label.TransactionId.ToString(CultureInfo.InvariantCulture) },
        [CardId] = new() { S = label.CardId },
        [TerminalId] = new() { N = label.TerminalId.ToString(CultureInfo.InvariantCulture) },
        [EventTime] = new() { S = SignalItems.FormatEventTime(label.EventTimeMs) },
        [Label] = new() { S = label.IsFraud ? Fraud : Genuine },
        [LabelledBy] = new() { S = label.Analyst },
        [LabelledAt] = new() { S = label.LabelledAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) },
    };
}
