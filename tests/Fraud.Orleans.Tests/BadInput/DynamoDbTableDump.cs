using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Fraud.Orleans.Tests.BadInput;

/// <summary>Every table whose name holds a test's id, scanned whole, each item flattened to text (binary attributes as UTF-8).</summary>
public static class DynamoDbTableDump
{
    public static async Task<Dictionary<string, List<string>>> ScanAsync(IAmazonDynamoDB client, string nameContains)
    {
        var tables = new List<string>();
        string? startTable = null;
        do
        {
            var page = await client.ListTablesAsync(new ListTablesRequest { ExclusiveStartTableName = startTable });
            tables.AddRange((page.TableNames ?? []).Where(t => t.Contains(nameContains, StringComparison.Ordinal)));
            startTable = page.LastEvaluatedTableName;
        }
        while (startTable is not null);

        var dump = new Dictionary<string, List<string>>();
        foreach (var table in tables)
        {
            var items = dump[table] = [];
            Dictionary<string, AttributeValue>? start = null;
            do
            {
                var page = await client.ScanAsync(new ScanRequest { TableName = table, ExclusiveStartKey = start });
                items.AddRange((page.Items ?? []).Select(item => string.Join(" ", item.Select(a => $"{a.Key}={Flatten(a.Value)}"))));
                start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
            }
            while (start is not null);
        }

        return dump;
    }

    private static string Flatten(AttributeValue value)
    {
        var parts = new List<string>();
        if (value.S is not null)
        {
            parts.Add(value.S);
        }

        if (value.N is not null)
        {
            parts.Add(value.N);
        }

        if (value.B is not null)
        {
            parts.Add(Encoding.UTF8.GetString(value.B.ToArray()));
        }

        parts.AddRange(value.SS ?? []);
        parts.AddRange(value.NS ?? []);
        parts.AddRange((value.BS ?? []).Select(b => Encoding.UTF8.GetString(b.ToArray())));
        parts.AddRange((value.L ?? []).Select(Flatten));
        parts.AddRange((value.M ?? []).Select(m => $"{m.Key}:{Flatten(m.Value)}"));
        return string.Join(",", parts);
    }
}
