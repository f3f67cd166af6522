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
    /// How many of the ids 0..<paramref name="sent"/>−1 have a signal item, read by key. A COUNT scan of a few
    /// hundred thousand items keeps DynamoDB Local busy for over five minutes; reads by key take seconds. The
    /// table's key is the transaction id, so an id has one item at most; items of ids never sent are not seen
    /// here (the worker's latency log counts decisions of such ids).
    /// </summary>
    public static async Task<long> CountPresentAsync(IAmazonDynamoDB client, string table, long sent, CancellationToken cancellationToken)
    {
        long found = 0;
        var chunks = (sent + KeysPerRequest - 1) / KeysPerRequest;
        await Parallel.ForAsync(0L, chunks, new ParallelOptions { MaxDegreeOfParallelism = RequestsInFlight, CancellationToken = cancellationToken }, async (chunk, ct) =>
        {
            var first = chunk * KeysPerRequest;
            var ids = Enumerable.Range(0, (int)Math.Min(KeysPerRequest, sent - first)).Select(i => first + i);
            var request = new Dictionary<string, KeysAndAttributes>
            {
                [table] = new() { Keys = ids.Select(Key).ToList(), ProjectionExpression = DynamoDbTables.TransactionIdAttribute },
            };
            while (request.Count > 0)
            {
                var response = await client.BatchGetItemAsync(new BatchGetItemRequest { RequestItems = request }, ct);
                Interlocked.Add(ref found, response.Responses?.GetValueOrDefault(table)?.Count ?? 0);
                request = response.UnprocessedKeys is { Count: > 0 } left ? left : [];
            }
        });
        return found;
    }

    private static Dictionary<string, AttributeValue> Key(long id) =>
        new() { [DynamoDbTables.TransactionIdAttribute] = new() { S = id.ToString(System.Globalization.CultureInfo.InvariantCulture) } };

    /// <summary>How many of <paramref name="sampleSize"/> random ids below <paramref name="sent"/> are missing or lack a score or decision.</summary>
    public static async Task<(int Checked, int Bad)> SampleAsync(
        IAmazonDynamoDB client, string table, long sent, int sampleSize, int seed, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        var ids = Enumerable.Range(0, (int)Math.Min(sampleSize, sent)).Select(_ => random.NextInt64(sent)).Distinct().ToList();
        var good = 0;
        foreach (var chunk in ids.Chunk(KeysPerRequest))
        {
            var keys = new KeysAndAttributes
            {
                Keys = chunk.Select(Key).ToList(),
            };
            var request = new Dictionary<string, KeysAndAttributes> { [table] = keys };
            while (request.Count > 0)
            {
                var response = await client.BatchGetItemAsync(new BatchGetItemRequest { RequestItems = request }, cancellationToken);
                good += response.Responses?.GetValueOrDefault(table)?.Count(IsScored) ?? 0;
                request = response.UnprocessedKeys is { Count: > 0 } left ? left : [];
            }
        }

        return (ids.Count, ids.Count - good);
    }

    private static bool IsScored(Dictionary<string, AttributeValue> item) =>
        item.GetValueOrDefault(SignalItems.Decision)?.S is { Length: > 0 }
        && double.TryParse(item.GetValueOrDefault(SignalItems.Score)?.N, System.Globalization.CultureInfo.InvariantCulture, out var score)
        && score is >= 0 and <= 1;
}
