using System.Collections.Concurrent;
using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Fraud.Orleans.Silo.Runtime;

namespace Fraud.Orleans.Silo.Storage;

/// <summary>
/// Grain state as one item per grain. Every write must find the item's ETag (a version number) unchanged and
/// no higher partition ownership epoch than the writer's: that fences a silo that lost a grain to another.
/// Partition epochs are counters in the same table, under <c>partition/{topic}/{partition}</c>. The writes, a
/// checkpoint's bulk, reuse their requests and attribute maps (<see cref="StateWriteRequest"/>).
/// </summary>
public sealed class DynamoDbGrainStateStore(IAmazonDynamoDB client, DynamoDbOptions options, TimeProvider time)
    : IGrainStateStore
{
    internal const string EtagAttribute = "etag";
    internal const string EpochAttribute = "epoch";
    internal const string StateAttribute = "state";
    internal const string UpdatedAtAttribute = "updatedAt";

    private readonly ConcurrentBag<StateWriteRequest> _requests = [];

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

        var epoch = response.Item.TryGetValue(EpochAttribute, out var e) ? long.Parse(e.N, CultureInfo.InvariantCulture) : 0;
        return new StoredGrainState(response.Item[StateAttribute].B.ToArray(), response.Item[EtagAttribute].N, epoch);
    }

    /// <summary>A write outside any partition ownership (epoch 0): it loses against every owner's.</summary>
    public Task<string> WriteAsync(string grainType, string key, byte[] data, string? expectedEtag, CancellationToken cancellationToken) =>
        WriteAsync(grainType, key, data, expectedEtag, 0, cancellationToken);

    public async Task<string> WriteAsync(string grainType, string key, byte[] data, string? expectedEtag, long epoch, CancellationToken cancellationToken)
    {
        var expected = expectedEtag;
        while (true)
        {
            var nextEtag = (expected is null ? 1 : long.Parse(expected, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
            var request = _requests.TryTake(out var reused) ? reused : new StateWriteRequest(options.StateTable);
            try
            {
                var put = request.Prepare(GrainId(grainType, key), data, expected, nextEtag, epoch, time.GetUtcNow());
                await client.PutItemAsync(put, cancellationToken).ConfigureAwait(false);
                return nextEtag;
            }
            catch (ConditionalCheckFailedException)
            {
                var stored = await ReadAsync(grainType, key, cancellationToken).ConfigureAwait(false);

                // A retry of a write that had landed (its reply lost to a time-out) finds its own result: not fencing.
                if (stored is not null && stored.Etag == nextEtag && stored.Epoch == epoch && stored.Data.AsSpan().SequenceEqual(data))
                {
                    return nextEtag;
                }

                // Written by a silo that owned the partition before us, after we read it (it did not know yet that
                // it had lost it): our state is the authority now, built from what it committed plus the replay.
                if (stored is not null && stored.Epoch < epoch)
                {
                    expected = stored.Etag;
                    continue;
                }

                throw new GrainStateFencedException(grainType, key, expected);
            }
            finally
            {
                request.Release();
                _requests.Add(request);
            }
        }
    }

    public async Task<long> ClaimPartitionEpochAsync(string topic, int partition, CancellationToken cancellationToken)
    {
        var response = await client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = options.StateTable,
            Key = new() { [DynamoDbTables.GrainIdAttribute] = new AttributeValue { S = $"partition/{topic}/{partition.ToString(CultureInfo.InvariantCulture)}" } },
            UpdateExpression = "ADD #epoch :one SET #updatedAt = :now",
            ExpressionAttributeNames = new() { ["#epoch"] = EpochAttribute, ["#updatedAt"] = UpdatedAtAttribute },
            ExpressionAttributeValues = new()
            {
                [":one"] = new AttributeValue { N = "1" },
                [":now"] = new AttributeValue { S = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) },
            },
            ReturnValues = ReturnValue.UPDATED_NEW,
        }, cancellationToken).ConfigureAwait(false);
        return long.Parse(response.Attributes[EpochAttribute].N, CultureInfo.InvariantCulture);
    }

    public static string GrainId(string grainType, string key) => $"{grainType}/{key}";
}
