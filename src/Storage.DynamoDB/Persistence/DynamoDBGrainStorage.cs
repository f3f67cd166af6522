using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Fraud.Orleans.Storage.DynamoDB;

/// <summary>
/// Orleans grain storage on DynamoDB: one item per grain state, keyed <c>{serviceId}/{stateName}/{grainId}</c>,
/// holding the serialized state, an ETag (a counter) and, with an <see cref="IDynamoDBWriteFence"/>, a fence
/// token. Every write and clear is conditional on the ETag the grain last saw, so a lost race surfaces as
/// <see cref="InconsistentStateException"/>. The table is checked (or created) in the silo lifecycle.
/// </summary>
public sealed partial class DynamoDBGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    /// <summary>The table's hash key: <c>{serviceId}/{stateName}/{grainId}</c>.</summary>
    public const string IdAttribute = "Id";
    internal const string ETagAttribute = "ETag";
    internal const string StateAttribute = "State";
    internal const string FenceAttribute = "Fence";
    public const string UpdatedAtAttribute = "UpdatedAt";

    private static readonly (string, KeyType)[] KeySchema = [(IdAttribute, KeyType.HASH)];

    private readonly string _name;
    private readonly DynamoDBStorageOptions _options;
    private readonly string _serviceId;
    private readonly IGrainStorageSerializer _serializer;
    private readonly IActivatorProvider _activators;
    private readonly IDynamoDBWriteFence? _fence;
    private readonly TimeProvider _time;
    private readonly ILogger<DynamoDBGrainStorage> _logger;
    private readonly DynamoDBRetry _retry;
    private readonly DynamoDBStateReads _reads;
    private IAmazonDynamoDB? _client;

    public DynamoDBGrainStorage(
        string name,
        DynamoDBStorageOptions options,
        string serviceId,
        IGrainStorageSerializer serializer,
        IActivatorProvider activators,
        IDynamoDBWriteFence? fence,
        TimeProvider time,
        ILogger<DynamoDBGrainStorage> logger,
        IDynamoDBRetryObserver? retries = null)
    {
        _name = name;
        _options = options;
        _serviceId = serviceId;
        _serializer = options.GrainStorageSerializer ?? serializer;
        _activators = activators;
        _fence = fence;
        _time = time;
        _logger = logger;
        _retry = new DynamoDBRetry(options, time, (ex, attempt, delay) =>
        {
            LogRetry(_logger, DynamoDBThrottling.RetryLogLevel(ex), _name, attempt, DynamoDBThrottling.Summary(ex), delay.TotalMilliseconds);
            retries?.OnRetry("grain_storage", ex, delay);
        });
        _reads = new DynamoDBStateReads(() => Client, options, _retry);
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe($"{nameof(DynamoDBGrainStorage)}-{_name}", _options.InitStage, InitAsync, _ => Task.CompletedTask);

    /// <summary>Connects and checks (or creates) the table; the silo lifecycle calls it before any grain runs.</summary>
    public async Task InitAsync(CancellationToken cancellationToken)
    {
        var client = DynamoDBClientFactory.Create(_options);
        try
        {
            var created = await new DynamoDBTableBootstrap(client, _options, _retry, _time)
                .EnsureAsync(KeySchema, cancellationToken).ConfigureAwait(false);
            LogInitialized(_logger, _name, _options.TableName, created);
        }
        catch (Exception ex)
        {
            client.Dispose();
            LogInitFailed(_logger, ex, _name, _options.TableName);
            throw;
        }

        Interlocked.Exchange(ref _client, client)?.Dispose();
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var item = await _reads.GetAsync(Key(stateName, grainId), cancellationToken).ConfigureAwait(false);
        if (item is null)
        {
            grainState.State = NewState<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        grainState.ETag = item[ETagAttribute].N;
        if (item.TryGetValue(StateAttribute, out var state) && state.B is { } bytes)
        {
            grainState.State = _serializer.Deserialize<T>(BinaryData.FromBytes(bytes.ToArray()));
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = NewState<T>();
            grainState.RecordExists = false;
        }
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var data = _serializer.Serialize(grainState.State).ToArray();
        var next = await ConditionalUpdateAsync(stateName, grainId, grainState.ETag, data, cancellationToken).ConfigureAwait(false);
        grainState.ETag = next;
        grainState.RecordExists = true;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        if (_options.DeleteStateOnClear)
        {
            await ConditionalDeleteAsync(stateName, grainId, grainState.ETag, cancellationToken).ConfigureAwait(false);
            grainState.ETag = null;
        }
        else
        {
            grainState.ETag = await ConditionalUpdateAsync(stateName, grainId, grainState.ETag, data: null, cancellationToken).ConfigureAwait(false);
        }

        grainState.State = NewState<T>();
        grainState.RecordExists = false;
    }

    public void Dispose() => Interlocked.Exchange(ref _client, null)?.Dispose();

    /// <summary>
    /// Writes <paramref name="data"/> (or removes the state when null) if the item's ETag is still <paramref name="expected"/>.
    /// With a fence, a writer whose token is higher than the stored one also wins over a changed ETag: the change came
    /// from an owner the fence has since superseded (it wrote after this writer read), and this writer's state is the
    /// authority now.
    /// </summary>
    private async Task<string> ConditionalUpdateAsync(string stateName, GrainId grainId, string? expected, byte[]? data, CancellationToken cancellationToken)
    {
        var key = Key(stateName, grainId);
        var token = _fence?.GetToken(stateName, grainId);
        var next = (ParseETag(stateName, grainId, expected) + 1).ToString(CultureInfo.InvariantCulture);
        var request = new UpdateItemRequest
        {
            TableName = _options.TableName,
            Key = KeyOf(key),
            ExpressionAttributeNames = new() { ["#etag"] = ETagAttribute, ["#state"] = StateAttribute, ["#at"] = UpdatedAtAttribute },
            ExpressionAttributeValues = new()
            {
                [":next"] = new AttributeValue { N = next },
                [":at"] = new AttributeValue { S = _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) },
            },
        };

        var set = "SET #etag = :next, #at = :at";
        if (data is not null)
        {
            set += ", #state = :state";
            request.ExpressionAttributeValues[":state"] = new AttributeValue { B = new MemoryStream(data, writable: false) };
        }

        if (token is not null)
        {
            set += ", #fence = :fence";
        }

        request.UpdateExpression = data is null ? set + " REMOVE #state" : set;
        var superseded = 0;
        await _retry.RunAsync(async (attempt, ct) =>
        {
            while (true)
            {
                request.ConditionExpression = Condition(request, expected, token);

                // The stream is read by each attempt.
                if (request.ExpressionAttributeValues.TryGetValue(":state", out var state))
                {
                    state.B.Position = 0;
                }

                try
                {
                    await Client.UpdateItemAsync(request, ct).ConfigureAwait(false);
                    return;
                }
                catch (ConditionalCheckFailedException ex)
                {
                    // An earlier attempt may have landed with its reply lost: finding our own write is success.
                    var stored = await GetItemAsync(key, consistent: true, ct).ConfigureAwait(false);
                    if ((attempt > 1 || superseded > 0) && stored is not null && stored[ETagAttribute].N == next && SameState(stored, data))
                    {
                        return;
                    }

                    // A lower fence is a superseded owner's write. Our own fence is this owner's: an earlier write
                    // whose reply was lost (time-out) while it landed, so the grain kept its old ETag. The state in
                    // hand holds everything that write held, so it goes over it.
                    if (token is { } ours && stored is not null && StoredFence(stored) <= ours && superseded++ < 3)
                    {
                        LogSuperseded(_logger, _name, stateName, grainId, stored[ETagAttribute].N, StoredFence(stored), ours);
                        expected = stored[ETagAttribute].N;
                        next = (ParseETag(stateName, grainId, expected) + 1).ToString(CultureInfo.InvariantCulture);
                        request.ExpressionAttributeValues[":next"].N = next;
                        continue;
                    }

                    throw Conflict(stateName, grainId, expected, stored, ex);
                }
            }
        }, cancellationToken).ConfigureAwait(false);

        LogWritten(_logger, _name, key, next);
        return next;
    }

    /// <summary>The ETag condition and, with a token, the fence: no higher token may have written the item.</summary>
    private static string Condition(UpdateItemRequest request, string? expected, long? token)
    {
        request.ExpressionAttributeNames.Remove("#id");
        request.ExpressionAttributeValues.Remove(":expected");
        var condition = ExpectETag(request.ExpressionAttributeNames, request.ExpressionAttributeValues, expected);
        return token is { } fence ? condition + AddFence(request.ExpressionAttributeNames, request.ExpressionAttributeValues, fence) : condition;
    }

    private static long StoredFence(Dictionary<string, AttributeValue> stored) =>
        stored.TryGetValue(FenceAttribute, out var f) ? long.Parse(f.N, CultureInfo.InvariantCulture) : long.MinValue;

    private async Task ConditionalDeleteAsync(string stateName, GrainId grainId, string? expected, CancellationToken cancellationToken)
    {
        ParseETag(stateName, grainId, expected);
        var key = Key(stateName, grainId);
        var request = new DeleteItemRequest
        {
            TableName = _options.TableName,
            Key = KeyOf(key),
            ExpressionAttributeNames = [],
            ExpressionAttributeValues = [],
        };
        request.ConditionExpression = ExpectETag(request.ExpressionAttributeNames, request.ExpressionAttributeValues, expected);
        if (_fence?.GetToken(stateName, grainId) is { } token)
        {
            request.ConditionExpression += AddFence(request.ExpressionAttributeNames, request.ExpressionAttributeValues, token);
        }

        if (request.ExpressionAttributeValues.Count == 0)
        {
            request.ExpressionAttributeValues = null;
        }

        await _retry.RunAsync(async (attempt, ct) =>
        {
            try
            {
                await Client.DeleteItemAsync(request, ct).ConfigureAwait(false);
            }
            catch (ConditionalCheckFailedException ex)
            {
                var stored = await GetItemAsync(key, consistent: true, ct).ConfigureAwait(false);
                if (attempt > 1 && stored is null)
                {
                    return;
                }

                throw Conflict(stateName, grainId, expected, stored, ex);
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    private static string ExpectETag(Dictionary<string, string> names, Dictionary<string, AttributeValue> values, string? expected)
    {
        if (expected is null)
        {
            names["#id"] = IdAttribute;
            return "attribute_not_exists(#id)";
        }

        names["#etag"] = ETagAttribute;
        values[":expected"] = new AttributeValue { N = expected };
        return "#etag = :expected";
    }

    private static string AddFence(Dictionary<string, string> names, Dictionary<string, AttributeValue> values, long token)
    {
        names["#fence"] = FenceAttribute;
        values[":fence"] = new AttributeValue { N = token.ToString(CultureInfo.InvariantCulture) };
        return " AND (attribute_not_exists(#fence) OR #fence <= :fence)";
    }

    private long ParseETag(string stateName, GrainId grainId, string? etag)
    {
        if (etag is null)
        {
            return 0;
        }

        return long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InconsistentStateException(
                $"Grain storage '{_name}': ETag '{etag}' of {stateName} {grainId} was not issued by this storage.", "unknown", etag);
    }

    private InconsistentStateException Conflict(string stateName, GrainId grainId, string? expected, Dictionary<string, AttributeValue>? stored, Exception cause)
    {
        var storedETag = stored?[ETagAttribute].N ?? "none";
        var fence = stored is not null && stored.TryGetValue(FenceAttribute, out var f) ? f.N : "none";
        LogConflict(_logger, _name, stateName, grainId, expected ?? "none", storedETag, fence);
        return new InconsistentStateException(
            $"Grain storage '{_name}': {stateName} of {grainId} changed in DynamoDB table '{_options.TableName}' " +
            $"(grain's ETag {expected ?? "none"}, stored ETag {storedETag}, stored fence {fence}).",
            storedETag, expected ?? "none", cause);
    }

    private static bool SameState(Dictionary<string, AttributeValue> stored, byte[]? data) =>
        stored.TryGetValue(StateAttribute, out var state) && state.B is { } bytes
            ? data is not null && bytes.ToArray().AsSpan().SequenceEqual(data)
            : data is null;

    private async Task<Dictionary<string, AttributeValue>?> GetItemAsync(string key, bool consistent, CancellationToken cancellationToken)
    {
        var response = await _retry.RunAsync((_, ct) => Client.GetItemAsync(new GetItemRequest
        {
            TableName = _options.TableName,
            Key = KeyOf(key),
            ConsistentRead = consistent,
        }, ct), cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item ? item : null;
    }

    private T NewState<T>() => _activators.GetActivator<T>().Create();

    private string Key(string stateName, GrainId grainId) => $"{_serviceId}/{stateName}/{grainId}";

    private static Dictionary<string, AttributeValue> KeyOf(string key) => new() { [IdAttribute] = new AttributeValue { S = key } };

    private IAmazonDynamoDB Client => Volatile.Read(ref _client)
        ?? throw new InvalidOperationException($"Grain storage '{_name}' is not initialized: the silo lifecycle has not started it.");

    [LoggerMessage(1001, LogLevel.Information, "Grain storage {Name} uses DynamoDB table {Table} (created now: {Created})")]
    private static partial void LogInitialized(ILogger logger, string name, string table, bool created);

    [LoggerMessage(1002, LogLevel.Error, "Grain storage {Name} could not initialize DynamoDB table {Table}")]
    private static partial void LogInitFailed(ILogger logger, Exception exception, string name, string table);

    [LoggerMessage(EventId = 1003, Message = "Grain storage {Name}: transient DynamoDB failure on attempt {Attempt} ({Failure}), retrying in {DelayMs:0} ms")]
    private static partial void LogRetry(ILogger logger, LogLevel level, string name, int attempt, string failure, double delayMs);

    [LoggerMessage(1004, LogLevel.Debug, "Grain storage {Name} wrote {Key} at ETag {ETag}")]
    private static partial void LogWritten(ILogger logger, string name, string key, string etag);

    [LoggerMessage(1006, LogLevel.Warning, "Grain storage {Name}: {StateName} of {GrainId} was written at ETag {Stored} by a superseded writer (fence {StoredFence} < {Fence}); overwriting it")]
    private static partial void LogSuperseded(ILogger logger, string name, string stateName, GrainId grainId, string stored, long storedFence, long fence);

    [LoggerMessage(1005, LogLevel.Warning, "Grain storage {Name}: {StateName} of {GrainId} was changed by another writer (grain's ETag {Expected}, stored {Stored}, fence {Fence})")]
    private static partial void LogConflict(ILogger logger, string name, string stateName, GrainId grainId, string expected, string stored, string fence);
}
