using System.Collections.Concurrent;
using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Fraud.Orleans.Silo.Storage;

namespace Fraud.Orleans.Cli.Hosting;

/// <summary>Reads the signal table back: the truth of what is durable, whatever the in-process counters say.</summary>
public static class SignalTableScan
{
    private const int PageItems = 2_000; // a 1 MB page holds ~900 signals anyway: the limit only bounds a request
    private const int ScanAttempts = 5;
    private static readonly TimeSpan ScanRequestTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Items in the table (a COUNT scan: nothing is transferred but the counts).</summary>
    public static async Task<long> CountAsync(IAmazonDynamoDB client, string table, CancellationToken cancellationToken)
    {
        long count = 0;
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await client.ScanAsync(new ScanRequest
            {
                TableName = table,
                Select = Select.COUNT,
                ExclusiveStartKey = start,
            }, cancellationToken);
            count += page.Count ?? 0;
            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);
        return count;
    }

    /// <summary>
    /// Every signal's transaction id, score and decision, scanned in <paramref name="segments"/> parallel segments on
    /// a client of its own: the silo's client gives up on a request after a few seconds, and a page of a big table
    /// in DynamoDB Local can take longer than that. An item the table layout does not explain throws, naming it.
    /// </summary>
    public static async Task<IReadOnlyCollection<StoredScore>> ReadScoresAsync(
        DynamoDbOptions storage, string table, int segments, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(segments, 1);
        using var client = DynamoDbClientFactory.Create(new DynamoDbOptions
        {
            ServiceUrl = storage.ServiceUrl,
            Region = storage.Region,
            RequestTimeout = ScanRequestTimeout,
        });
        var scores = new ConcurrentBag<StoredScore>();
        await Parallel.ForEachAsync(Enumerable.Range(0, segments), new ParallelOptions
        {
            MaxDegreeOfParallelism = segments,
            CancellationToken = cancellationToken,
        }, async (segment, ct) =>
        {
            Dictionary<string, AttributeValue>? start = null;
            do
            {
                var page = await ScanPageAsync(client, new ScanRequest
                {
                    TableName = table,
                    Segment = segments > 1 ? segment : null,
                    TotalSegments = segments > 1 ? segments : null,
                    ExclusiveStartKey = start,
                    Limit = PageItems,
                    ProjectionExpression = "#id, #score, #decision, #challenger", // names, not words: DynamoDB reserves many
                    ExpressionAttributeNames = new()
                    {
                        ["#id"] = DynamoDbTables.TransactionIdAttribute,
                        ["#score"] = SignalItems.Score,
                        ["#decision"] = SignalItems.Decision,
                        ["#challenger"] = SignalItems.ChallengerScore,
                    },
                }, ct);
                foreach (var item in page.Items ?? [])
                {
                    scores.Add(ToScore(item));
                }

                start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
            }
            while (start is not null);
        });
        return scores;
    }

    private static async Task<ScanResponse> ScanPageAsync(IAmazonDynamoDB client, ScanRequest request, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await client.ScanAsync(request, cancellationToken);
            }
            catch (Exception ex) when (attempt < ScanAttempts && !cancellationToken.IsCancellationRequested
                && ex is AmazonServiceException or OperationCanceledException or HttpRequestException)
            {
                // A timed-out or throttled page is read again from the same start key: scans are idempotent.
                await Task.Delay(TimeSpan.FromSeconds(attempt), cancellationToken);
            }
        }
    }

    private static StoredScore ToScore(Dictionary<string, AttributeValue> item)
    {
        var id = item.GetValueOrDefault(DynamoDbTables.TransactionIdAttribute)?.S;
        var score = item.GetValueOrDefault(SignalItems.Score)?.N;
        if (!long.TryParse(id, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var transactionId)
            || !double.TryParse(score, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw new InvalidDataException($"Signal item with {DynamoDbTables.TransactionIdAttribute} '{id}' and {SignalItems.Score} '{score}' is not a scored transaction.");
        }

        double? challenger = double.TryParse(item.GetValueOrDefault(SignalItems.ChallengerScore)?.N, NumberStyles.Float, CultureInfo.InvariantCulture, out var shadow)
            ? shadow
            : null;
        return new StoredScore(transactionId, value, item.GetValueOrDefault(SignalItems.Decision)?.S ?? "", challenger);
    }
}
