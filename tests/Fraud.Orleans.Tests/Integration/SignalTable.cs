using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Fraud.Orleans.Silo.Storage;

namespace Fraud.Orleans.Tests.Integration;

/// <summary>Reads the signal table the way the payments API would.</summary>
public sealed class SignalTable(IAmazonDynamoDB client, string table)
{
    public async Task<Dictionary<string, AttributeValue>?> GetAsync(long transactionId)
    {
        var response = await client.GetItemAsync(new GetItemRequest
        {
            TableName = table,
            Key = new() { [DynamoDbTables.TransactionIdAttribute] = new AttributeValue { S = transactionId.ToString(CultureInfo.InvariantCulture) } },
            ConsistentRead = true,
        });
        return response.Item is { Count: > 0 } item ? item : null;
    }

    public async Task<List<Dictionary<string, AttributeValue>>> ScanAsync()
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await client.ScanAsync(new ScanRequest { TableName = table, ExclusiveStartKey = start, ConsistentRead = true });
            items.AddRange(page.Items ?? []);
            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);
        return items;
    }

    public static double Feature(Dictionary<string, AttributeValue> item, string name) =>
        SignalItems.ReadFeatures(item)[name];
}
