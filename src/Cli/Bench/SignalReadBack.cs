using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Fraud.Orleans.Silo.Storage;

namespace Fraud.Orleans.Cli.Bench;

/// <summary>Reads sent transaction ids back from a signal table: all of them by key, and a random sample in full.</summary>
public static class SignalReadBack
{
    private const int KeysPerRequest = 100; // BatchGetItem's limit
    private const int RequestsInFlight = 8;

    /// <summary>
    /// Reads the signal items of <paramref name="ids"/> by key (consistent reads, unprocessed keys retried) and
    /// hands every page of items found to <paramref name="found"/>, which may be called concurrently. A scan of a
    /// few hundred thousand items keeps DynamoDB Local busy for minutes; reads by key take seconds.
    /// </summary>
    public static Task ReadByKeyAsync(
        IAmazonDynamoDB client, string table, IEnumerable<long> ids, string? projection,
        Action<List<Dictionary<string, AttributeValue>>> found, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(
            ids.Chunk(KeysPerRequest),
            new ParallelOptions { MaxDegreeOfParallelism = RequestsInFlight, CancellationToken = cancellationToken },
            async (chunk, ct) =>
            {
                var request = new Dictionary<string, KeysAndAttributes>
                {
                    [table] = new() { Keys = chunk.Select(Key).ToList(), ProjectionExpression = projection, ConsistentRead = true },
                };
                while (request.Count > 0)
                {
                    var response = await client.BatchGetItemAsync(new BatchGetItemRequest { RequestItems = request }, ct);
                    found(response.Responses?.GetValueOrDefault(table) ?? []);
                    request = response.UnprocessedKeys is { Count: > 0 } left ? left : [];
                }
            });

    /// <summary>
    /// How many of the ids 0..<paramref name="sent"/>−1 have a signal item. The table's key is the transaction
    /// id, so an id has one item at most; items of ids never sent are not seen here (the worker's latency log
    /// counts decisions of such ids).
    /// </summary>
    public static async Task<long> CountPresentAsync(IAmazonDynamoDB client, string table, long sent, CancellationToken cancellationToken)
    {
        long present = 0;
        await ReadByKeyAsync(client, table, Ids(sent), DynamoDbTables.TransactionIdAttribute, items => Interlocked.Add(ref present, items.Count), cancellationToken);
        return present;
    }

    /// <summary>How many of <paramref name="sampleSize"/> random ids below <paramref name="sent"/> are missing or lack a score or decision.</summary>
    public static async Task<(int Checked, int Bad)> SampleAsync(
        IAmazonDynamoDB client, string table, long sent, int sampleSize, int seed, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        var ids = Enumerable.Range(0, (int)Math.Min(sampleSize, sent)).Select(_ => random.NextInt64(sent)).Distinct().ToList();
        var good = 0;
        await ReadByKeyAsync(client, table, ids, null, items => Interlocked.Add(ref good, items.Count(IsScored)), cancellationToken);
        return (ids.Count, ids.Count - good);
    }

    private static IEnumerable<long> Ids(long count)
    {
        for (long id = 0; id < count; id++)
        {
            yield return id;
        }
    }

    private static Dictionary<string, AttributeValue> Key(long id) =>
        new() { [DynamoDbTables.TransactionIdAttribute] = new() { S = id.ToString(CultureInfo.InvariantCulture) } };

    private static bool IsScored(Dictionary<string, AttributeValue> item) =>
        item.GetValueOrDefault(SignalItems.Decision)?.S is { Length: > 0 }
        && double.TryParse(item.GetValueOrDefault(SignalItems.Score)?.N, CultureInfo.InvariantCulture, out var score)
        && score is >= 0 and <= 1;
}
