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
    // A label is named as on its review case, and valued as analysts post it.
    public const string Label = ReviewItems.Label;
    public const string LabelledBy = ReviewItems.LabelledBy;
    public const string LabelledAt = ReviewItems.LabelledAt;

    public const string Fraud = LabelRequest.Fraud;
    public const string Genuine = LabelRequest.Genuine;

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
