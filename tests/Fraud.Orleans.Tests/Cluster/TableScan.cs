using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Fraud.Orleans.Tests.Cluster;

/// <summary>Reads a whole table with a parallel scan, projecting only what the check needs.</summary>
public static class TableScan
{
    public static async Task<List<Dictionary<string, AttributeValue>>> AllAsync(IAmazonDynamoDB client, string table, string projection, Dictionary<string, string>? names = null, int segments = 4)
    {
        var pages = await Task.WhenAll(Enumerable.Range(0, segments).Select(async segment =>
        {
            var items = new List<Dictionary<string, AttributeValue>>();
            Dictionary<string, AttributeValue>? start = null;
            do
            {
                var page = await client.ScanAsync(new ScanRequest
                {
                    TableName = table,
                    ProjectionExpression = projection,
                    ExpressionAttributeNames = names,
                    Segment = segment,
                    TotalSegments = segments,
                    ExclusiveStartKey = start,
                    ConsistentRead = true,
                });
                items.AddRange(page.Items ?? []);
                start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
            }
            while (start is not null);
            return items;
        }));
        return pages.SelectMany(p => p).ToList();
    }
}
