using System.Buffers.Text;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using Fraud.Orleans.Silo.Storage;

namespace Fraud.Orleans.Silo.Reviews;

/// <summary>
/// The opaque cursor of a page of the queue: DynamoDB's LastEvaluatedKey of the status index (transaction id,
/// status, queue key) as base64url JSON. A cursor of another status, or that does not decode, is refused.
/// </summary>
public static class ReviewCursor
{
    private const string StatusField = "s";
    private const string QueueKeyField = "q";
    private const string TransactionField = "t";

    public static string? Encode(Dictionary<string, AttributeValue>? lastEvaluatedKey)
    {
        if (lastEvaluatedKey is not { Count: > 0 })
        {
            return null;
        }

        var fields = new Dictionary<string, string>
        {
            [StatusField] = lastEvaluatedKey[ReviewItems.Status].S,
            [QueueKeyField] = lastEvaluatedKey[ReviewItems.QueueKey].S,
            [TransactionField] = lastEvaluatedKey[DynamoDbTables.TransactionIdAttribute].S,
        };
        return Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(fields));
    }

    /// <summary>The ExclusiveStartKey a cursor stands for, when it is one of a page of <paramref name="status"/>.</summary>
    public static bool TryDecode(string cursor, string status, out Dictionary<string, AttributeValue> startKey)
    {
        startKey = [];
        Dictionary<string, string>? fields;
        try
        {
            fields = JsonSerializer.Deserialize<Dictionary<string, string>>(Base64Url.DecodeFromChars(cursor));
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return false;
        }

        if (fields is null
            || !fields.TryGetValue(StatusField, out var s) || s != status
            || !fields.TryGetValue(QueueKeyField, out var q) || string.IsNullOrEmpty(q)
            || !fields.TryGetValue(TransactionField, out var t) || !long.TryParse(t, out _))
        {
            return false;
        }

        startKey[ReviewItems.Status] = new AttributeValue { S = s };
        startKey[ReviewItems.QueueKey] = new AttributeValue { S = q };
        startKey[DynamoDbTables.TransactionIdAttribute] = new AttributeValue { S = t };
        return true;
    }
}
