using System.Globalization;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Silo.Storage;

namespace Fraud.Orleans.Silo.Reviews;

/// <summary>
/// The review table's layout. One item per transaction decided REVIEW or BLOCK, keyed by transaction id (so a replayed
/// transaction finds its case), carrying the signal's attributes (<see cref="SignalItems"/>) and the case's own.
/// Two indexes share one sort key, <see cref="QueueKey"/> (event time, then transaction id: oldest first, and a
/// total order so a page boundary never splits ties): <see cref="StatusIndex"/> by status (the open queue),
/// <see cref="CardIndex"/> by card (a card's cases).
/// </summary>
public static class ReviewItems
{
    public const string StatusIndex = "status-queue";
    public const string CardIndex = "card-queue";

    public const string Status = "status";
    public const string QueueKey = "queueKey";
    public const string OpenedAt = "openedAt";
    public const string Label = "label";
    public const string LabelledBy = "labelledBy";
    public const string LabelledAt = "labelledAt";

    public const string Open = "open";
    public const string Labelled = "labelled";

    public static readonly IReadOnlyList<string> Statuses = [Open, Labelled];

    public static bool IsCase(in FraudSignal signal) => signal.Decision is Decision.Review or Decision.Block;

    /// <summary>The table with its two indexes (both project every attribute: a case is small and read whole).</summary>
    public static CreateTableRequest CreateTableRequest(string table) => new()
    {
        TableName = table,
        BillingMode = BillingMode.PAY_PER_REQUEST,
        AttributeDefinitions =
        [
            new AttributeDefinition(DynamoDbTables.TransactionIdAttribute, ScalarAttributeType.S),
            new AttributeDefinition(Status, ScalarAttributeType.S),
            new AttributeDefinition(SignalItems.CardId, ScalarAttributeType.S),
            new AttributeDefinition(QueueKey, ScalarAttributeType.S),
        ],
        KeySchema = [new KeySchemaElement(DynamoDbTables.TransactionIdAttribute, KeyType.HASH)],
        GlobalSecondaryIndexes = [Index(StatusIndex, Status), Index(CardIndex, SignalItems.CardId)],
    };

    /// <summary>A new open case of <paramref name="signal"/>: the signal's item plus status, queue key and opening time.</summary>
    public static Dictionary<string, AttributeValue> NewCase(in FraudSignal signal, DateTimeOffset openedAt)
    {
        var put = new SignalPut();
        put.Fill(signal);
        var item = put.Request.PutRequest.Item;
        item[Status] = new AttributeValue { S = Open };
        item[QueueKey] = new AttributeValue { S = QueueKeyOf(signal.EventTimeMs, signal.TransactionId) };
        item[OpenedAt] = new AttributeValue { S = SignalItems.FormatEventTime(openedAt.ToUnixTimeMilliseconds()) };
        return item;
    }

    /// <summary>Sorts as text in event time, then transaction id (fixed width).</summary>
    public static string QueueKeyOf(long eventTimeMs, long transactionId) =>
        SignalItems.FormatEventTime(eventTimeMs) + "#" + transactionId.ToString("D19", CultureInfo.InvariantCulture);

    public static Dictionary<string, AttributeValue> Key(long transactionId) =>
        new() { [DynamoDbTables.TransactionIdAttribute] = new AttributeValue { S = transactionId.ToString(CultureInfo.InvariantCulture) } };

    /// <summary>The case as the API shows it in a list (its explanation is worked out when the case itself is opened).</summary>
    public static ReviewCase Read(Dictionary<string, AttributeValue> item) => new(
        long.Parse(item[DynamoDbTables.TransactionIdAttribute].S, CultureInfo.InvariantCulture),
        item[SignalItems.CardId].S,
        long.Parse(item[SignalItems.TerminalId].N, CultureInfo.InvariantCulture),
        decimal.Parse(item[SignalItems.Amount].N, CultureInfo.InvariantCulture),
        item[SignalItems.EventTime].S,
        double.Parse(item[SignalItems.Score].N, CultureInfo.InvariantCulture),
        item[SignalItems.Decision].S,
        item.TryGetValue(SignalItems.Reasons, out var reasons) && reasons.L is { } list ? list.Select(r => r.S).ToArray() : [],
        null,
        item[SignalItems.ModelVersion].S,
        item[Status].S,
        item[OpenedAt].S,
        Text(item, Label),
        Text(item, LabelledBy),
        Text(item, LabelledAt));

    /// <summary>The features at decision time, as stored (a feature that was not a number is null).</summary>
    public static JsonElement Features(Dictionary<string, AttributeValue> item)
    {
        using var document = JsonDocument.Parse(item[SignalItems.Features].S);
        return document.RootElement.Clone();
    }

    private static string? Text(Dictionary<string, AttributeValue> item, string name) => item.TryGetValue(name, out var value) ? value.S : null;

    private static GlobalSecondaryIndex Index(string name, string hashKey) => new()
    {
        IndexName = name,
        KeySchema = [new KeySchemaElement(hashKey, KeyType.HASH), new KeySchemaElement(QueueKey, KeyType.RANGE)],
        Projection = new Projection { ProjectionType = ProjectionType.ALL },
    };
}
