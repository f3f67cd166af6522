using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Fraud.Orleans.Silo.Runtime;

namespace Fraud.Orleans.Silo.Storage;

/// <summary>
/// Grain state as one item per grain; the ETag is a version number that every write must find unchanged,
/// which is what fences a silo that lost a grain to another.
/// </summary>
public sealed class DynamoDbGrainStateStore(IAmazonDynamoDB client, DynamoDbOptions options, TimeProvider time) : IGrainStateStore
{
    private const string EtagAttribute = "etag";
    private const string StateAttribute = "state";
    private const string UpdatedAtAttribute = "updatedAt";

    public async Task<StoredGrainState?> ReadAsync(string grainType, string key, CancellationToken cancellationToken)
    {
        var response = await client.GetItemAsync(new GetItemRequest
        {
            TableName = options.StateTable,
            Key = new() { [DynamoDbTables.GrainIdAttribute] = new AttributeValue { S = GrainId(grainType, key) } },
            ConsistentRead = true,
        }, cancellationToken).ConfigureAwait(false);

        if (response.Item is null || response.Item.Count == 0)
        {
            return null;
        }

        return new StoredGrainState(response.Item[StateAttribute].B.ToArray(), response.Item[EtagAttribute].N);
    }

    public async Task<string> WriteAsync(string grainType, string key, byte[] data, string? expectedEtag, CancellationToken cancellationToken)
    {
        var next = expectedEtag is null ? 1 : long.Parse(expectedEtag, CultureInfo.InvariantCulture) + 1;
        var nextEtag = next.ToString(CultureInfo.InvariantCulture);
        var request = new PutItemRequest
        {
            TableName = options.StateTable,
            Item = new()
            {
                [DynamoDbTables.GrainIdAttribute] = new AttributeValue { S = GrainId(grainType, key) },
                [EtagAttribute] = new AttributeValue { N = nextEtag },
                [StateAttribute] = new AttributeValue { B = new MemoryStream(data, writable: false) },
                [UpdatedAtAttribute] = new AttributeValue { S = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) },
            },
        };
        if (expectedEtag is null)
        {
            request.ConditionExpression = "attribute_not_exists(#id)";
            request.ExpressionAttributeNames = new() { ["#id"] = DynamoDbTables.GrainIdAttribute };
        }
        else
        {
            request.ConditionExpression = "#etag = :expected";
            request.ExpressionAttributeNames = new() { ["#etag"] = EtagAttribute };
            request.ExpressionAttributeValues = new() { [":expected"] = new AttributeValue { N = expectedEtag } };
        }

        try
        {
            await client.PutItemAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException)
        {
            // A retry of a write that had landed (its reply lost to a time-out) finds its own result: not fencing.
            if (!await IsOwnEarlierWriteAsync(grainType, key, data, nextEtag, cancellationToken).ConfigureAwait(false))
            {
                throw new GrainStateFencedException(grainType, key, expectedEtag);
            }
        }

        return nextEtag;
    }

    private async Task<bool> IsOwnEarlierWriteAsync(string grainType, string key, byte[] data, string nextEtag, CancellationToken cancellationToken)
    {
        var stored = await ReadAsync(grainType, key, cancellationToken).ConfigureAwait(false);
        return stored is not null && stored.Etag == nextEtag && stored.Data.AsSpan().SequenceEqual(data);
    }

    public static string GrainId(string grainType, string key) => $"{grainType}/{key}";
}
