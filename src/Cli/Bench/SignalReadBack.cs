using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Fraud.Orleans.Silo.Storage;

namespace Fraud.Orleans.Cli.Bench;

/// <summary>Reads a random sample of sent transaction ids back from a signal table: each must be there, scored and decided.</summary>
public static class SignalReadBack
{
    private const int KeysPerRequest = 100; // BatchGetItem's limit

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
                Keys = chunk.Select(id => new Dictionary<string, AttributeValue>
                {
                    [DynamoDbTables.TransactionIdAttribute] = new() { S = id.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                }).ToList(),
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
