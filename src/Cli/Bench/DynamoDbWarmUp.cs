using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Fraud.Orleans.Silo.Storage;

namespace Fraud.Orleans.Cli.Bench;

/// <summary>
/// Warms a freshly started DynamoDB Local before a phase: its JVM interprets, then compiles, its request paths,
/// and for the first ten seconds or so it writes at about half its later speed. A production DynamoDB is never
/// cold, and both systems get the same warm-up on their own fresh instance, in a scratch table they never see.
/// </summary>
public static class DynamoDbWarmUp
{
    private const string Table = "bench-warm-up";
    private const int Batches = 1_600; // 40,000 items of ~1 KB, like signals
    private const int InFlight = 16;
    private const int ConditionalPuts = 4_000; // like state checkpoints
    private const int Reads = 4_000; // like activations

    public static async Task RunAsync(IAmazonDynamoDB client, CancellationToken cancellationToken)
    {
        await DynamoDbTables.EnsureTableAsync(client, Table, DynamoDbTables.TransactionIdAttribute, cancellationToken);
        var payload = new string('x', 900);
        var options = new ParallelOptions { MaxDegreeOfParallelism = InFlight, CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, Batches, options, async (batch, ct) =>
        {
            var writes = Enumerable.Range(batch * 25, 25).Select(id => new WriteRequest(new PutRequest(Item(id, payload)))).ToList();
            while (writes.Count > 0)
            {
                var response = await client.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = new() { [Table] = writes } }, ct);
                writes = response.UnprocessedItems?.GetValueOrDefault(Table) ?? [];
            }
        });
        await Parallel.ForAsync(0, ConditionalPuts, options, async (id, ct) =>
            await client.PutItemAsync(new PutItemRequest
            {
                TableName = Table,
                Item = Item(-1 - id, payload),
                ConditionExpression = "attribute_not_exists(#k)",
                ExpressionAttributeNames = new() { ["#k"] = DynamoDbTables.TransactionIdAttribute },
            }, ct));
        await Parallel.ForAsync(0, Reads, options, async (id, ct) =>
            await client.GetItemAsync(new GetItemRequest { TableName = Table, Key = Key(id), ConsistentRead = true }, ct));
    }

    private static Dictionary<string, AttributeValue> Key(long id) =>
        new() { [DynamoDbTables.TransactionIdAttribute] = new() { S = id.ToString(CultureInfo.InvariantCulture) } };

    private static Dictionary<string, AttributeValue> Item(long id, string payload)
    {
        var item = Key(id);
        item["payload"] = new() { S = payload };
        return item;
    }
}
