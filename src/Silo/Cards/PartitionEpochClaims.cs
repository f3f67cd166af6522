using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Fraud.Orleans.Silo.Storage;
using Fraud.Orleans.Storage.DynamoDB;

namespace Fraud.Orleans.Silo.Cards;

/// <summary>
/// Partition ownership epochs: an atomic counter per partition in the grain-state table, under
/// <c>{serviceId}/partition/{topic}/{partition}</c>, so every new owner's epoch is higher than every earlier owner's.
/// The item also names the claiming silo, for the cluster's placement view (<see cref="PartitionOwners"/>).
/// </summary>
public sealed class PartitionEpochClaims(IAmazonDynamoDB client, DynamoDbOptions options, string serviceId, Func<string> siloAddress, TimeProvider time)
{
    private const string EpochAttribute = "Epoch";
    private const string OwnerAttribute = "Owner";

    public async Task<long> ClaimAsync(string topic, int partition, CancellationToken cancellationToken)
    {
        var response = await client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = options.StateTable,
            Key = KeyOf(topic, partition),
            UpdateExpression = "ADD #epoch :one SET #at = :now, #owner = :owner",
            ExpressionAttributeNames = new() { ["#epoch"] = EpochAttribute, ["#at"] = DynamoDBGrainStorage.UpdatedAtAttribute, ["#owner"] = OwnerAttribute },
            ExpressionAttributeValues = new()
            {
                [":one"] = new AttributeValue { N = "1" },
                [":owner"] = new AttributeValue { S = siloAddress() },
                [":now"] = new AttributeValue { S = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) },
            },
            ReturnValues = ReturnValue.UPDATED_NEW,
        }, cancellationToken).ConfigureAwait(false);
        return long.Parse(response.Attributes[EpochAttribute].N, CultureInfo.InvariantCulture);
    }

    /// <summary>The silo that claimed each of <paramref name="partitions"/> last (absent: never claimed).</summary>
    public async Task<Dictionary<int, string>> ReadOwnersAsync(string topic, int partitions, CancellationToken cancellationToken)
    {
        var owners = new Dictionary<int, string>(partitions);
        for (var first = 0; first < partitions; first += 100)
        {
            var keys = Enumerable.Range(first, Math.Min(100, partitions - first)).Select(p => KeyOf(topic, p)).ToList();
            var request = new BatchGetItemRequest
            {
                RequestItems = new() { [options.StateTable] = new KeysAndAttributes { Keys = keys, ProjectionExpression = "#id, #owner", ExpressionAttributeNames = new() { ["#id"] = DynamoDBGrainStorage.IdAttribute, ["#owner"] = OwnerAttribute } } },
            };
            while (request.RequestItems.Count > 0)
            {
                var response = await client.BatchGetItemAsync(request, cancellationToken).ConfigureAwait(false);
                if (response.Responses.TryGetValue(options.StateTable, out var items))
                {
                    foreach (var item in items)
                    {
                        if (item.TryGetValue(OwnerAttribute, out var owner) && owner.S is { } silo)
                        {
                            var id = item[DynamoDBGrainStorage.IdAttribute].S;
                            owners[int.Parse(id.AsSpan(id.LastIndexOf('/') + 1), CultureInfo.InvariantCulture)] = silo;
                        }
                    }
                }

                request.RequestItems = response.UnprocessedKeys ?? [];
            }
        }

        return owners;
    }

    private Dictionary<string, AttributeValue> KeyOf(string topic, int partition) =>
        new() { [DynamoDBGrainStorage.IdAttribute] = new AttributeValue { S = $"{serviceId}/partition/{topic}/{partition.ToString(CultureInfo.InvariantCulture)}" } };
}
