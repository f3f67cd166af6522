using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Fraud.Orleans.Silo.Storage;

namespace Fraud.Orleans.Silo.Membership;

/// <summary>The silos table: a put per heartbeat, a scan to read the others (a handful of items), a delete on a clean stop.</summary>
public sealed class MembershipTable(IAmazonDynamoDB client, MembershipOptions options, DynamoDbOptions storage)
{
    public const string SiloIdAttribute = "siloId";
    private const string EndpointAttribute = "endpoint";
    private const string PartitionsAttribute = "partitions";
    private const string HeartbeatAttribute = "heartbeatAt";

    public Task EnsureCreatedAsync(CancellationToken cancellationToken) =>
        storage.CreateTables ? DynamoDbTables.EnsureTableAsync(client, options.Table, SiloIdAttribute, cancellationToken) : Task.CompletedTask;

    public Task PutAsync(SiloEntry entry, CancellationToken cancellationToken) =>
        client.PutItemAsync(new PutItemRequest
        {
            TableName = options.Table,
            Item = new()
            {
                [SiloIdAttribute] = new AttributeValue { S = entry.SiloId },
                [EndpointAttribute] = new AttributeValue { S = entry.Endpoint.ToString() },
                [PartitionsAttribute] = new AttributeValue { L = entry.Partitions.Select(p => new AttributeValue { N = p.ToString(CultureInfo.InvariantCulture) }).ToList() },
                [HeartbeatAttribute] = new AttributeValue { S = entry.HeartbeatAt.ToString("O", CultureInfo.InvariantCulture) },
            },
        }, cancellationToken);

    public Task DeleteAsync(string siloId, CancellationToken cancellationToken) =>
        client.DeleteItemAsync(new DeleteItemRequest
        {
            TableName = options.Table,
            Key = new() { [SiloIdAttribute] = new AttributeValue { S = siloId } },
        }, cancellationToken);

    public async Task<List<SiloEntry>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var entries = new List<SiloEntry>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await client.ScanAsync(new ScanRequest { TableName = options.Table, ExclusiveStartKey = start, ConsistentRead = true }, cancellationToken).ConfigureAwait(false);
            foreach (var item in page.Items ?? [])
            {
                entries.Add(new SiloEntry(
                    item[SiloIdAttribute].S,
                    new Uri(item[EndpointAttribute].S),
                    (item[PartitionsAttribute].L ?? []).Select(p => int.Parse(p.N, CultureInfo.InvariantCulture)).ToList(),
                    DateTimeOffset.Parse(item[HeartbeatAttribute].S, CultureInfo.InvariantCulture)));
            }

            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);
        return entries;
    }
}
