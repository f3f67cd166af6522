using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using static Fraud.Orleans.Storage.DynamoDB.MembershipItem;

namespace Fraud.Orleans.Storage.DynamoDB;

/// <summary>
/// Orleans' membership table on DynamoDB (see <see cref="MembershipItem"/> for the items). Inserts and updates
/// write the silo's item and the table-version item in one <c>TransactWriteItems</c>, each conditional on the
/// ETag the caller read, so of two silos racing on the same table version exactly one wins and the other gets
/// <c>false</c>, as Orleans' protocol requires. Heartbeats (<c>UpdateIAmAlive</c>) touch only the heartbeat and
/// never move it backwards.
/// </summary>
public sealed partial class DynamoDBMembershipTable : IMembershipTable, IDisposable
{
    private static readonly (string, KeyType)[] KeySchema = [(ClusterAttribute, KeyType.HASH), (RowAttribute, KeyType.RANGE)];
    private static readonly TableVersion NoVersion = new(0, "0");

    private readonly DynamoDBClusteringOptions _options;
    private readonly string _clusterId;
    private readonly TimeProvider _time;
    private readonly ILogger<DynamoDBMembershipTable> _logger;
    private readonly DynamoDBRetry _retry;
    private IAmazonDynamoDB? _client;

    public DynamoDBMembershipTable(
        IOptions<DynamoDBClusteringOptions> options,
        IOptions<ClusterOptions> clusterOptions,
        TimeProvider time,
        ILogger<DynamoDBMembershipTable> logger,
        IDynamoDBRetryObserver? retries = null)
    {
        _options = options.Value;
        _clusterId = clusterOptions.Value.ClusterId;
        _time = time;
        _logger = logger;
        _retry = new DynamoDBRetry(_options, time, (ex, attempt, delay) =>
        {
            LogRetry(_logger, DynamoDBThrottling.RetryLogLevel(ex), attempt, DynamoDBThrottling.Summary(ex), delay.TotalMilliseconds);
            retries?.OnRetry("membership", ex, delay);
        });
    }

    /// <summary>True once <see cref="InitializeMembershipTableAsync"/> has succeeded.</summary>
    public bool IsInitialized => Volatile.Read(ref _client) is not null;

    public Task InitializeMembershipTable(bool tryInitTableVersion) => InitializeMembershipTableAsync(tryInitTableVersion, CancellationToken.None);

    public async Task InitializeMembershipTableAsync(bool tryInitTableVersion, CancellationToken cancellationToken)
    {
        var client = Volatile.Read(ref _client) ?? DynamoDBClientFactory.Create(_options);
        try
        {
            var created = await new DynamoDBTableBootstrap(client, _options, _retry, _time)
                .EnsureAsync(KeySchema, cancellationToken).ConfigureAwait(false);
            if (tryInitTableVersion)
            {
                await CreateVersionRowAsync(client, cancellationToken).ConfigureAwait(false);
            }

            LogInitialized(_logger, _options.TableName, _clusterId, created);
        }
        catch (Exception ex)
        {
            if (!ReferenceEquals(client, Volatile.Read(ref _client)))
            {
                client.Dispose();
            }

            LogInitFailed(_logger, ex, _options.TableName);
            throw;
        }

        if (Interlocked.CompareExchange(ref _client, client, null) is { } existing && !ReferenceEquals(existing, client))
        {
            client.Dispose();
        }
    }

    public Task<MembershipTableData> ReadAll() => ReadAllAsync(CancellationToken.None);

    public async Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            // The version first: every silo item written after it carries a higher WrittenAtVersion, so a
            // snapshot that mixes writes from before and after shows itself, and is read again.
            var versionItem = await GetAsync(VersionRow, cancellationToken).ConfigureAwait(false);
            var version = VersionOf(versionItem);
            var items = await QueryAsync(_clusterId, cancellationToken).ConfigureAwait(false);
            var rows = new List<Tuple<MembershipEntry, string>>(items.Count);
            var consistent = true;
            foreach (var item in items)
            {
                if (item[RowAttribute].S == VersionRow)
                {
                    consistent &= VersionOf(item) == version;
                }
                else
                {
                    consistent &= LongOf(item, WrittenAtAttribute) <= version.Version;
                    rows.Add(Tuple.Create(ToEntry(item), item[ETagAttribute].N));
                }
            }

            if (consistent || attempt >= _options.MaxSnapshotAttempts)
            {
                if (!consistent)
                {
                    throw new InvalidOperationException(
                        $"Membership table '{_options.TableName}' changed during each of {attempt} reads of cluster '{_clusterId}'.");
                }

                return new MembershipTableData(rows, version);
            }

            LogSnapshotRetry(_logger, attempt);
        }
    }

    public Task<MembershipTableData> ReadRow(SiloAddress key) => ReadRowAsync(key, CancellationToken.None);

    public async Task<MembershipTableData> ReadRowAsync(SiloAddress key, CancellationToken cancellationToken)
    {
        // One transaction reads both items atomically.
        var response = await _retry.RunAsync((_, ct) => Client.TransactGetItemsAsync(new TransactGetItemsRequest
        {
            TransactItems =
            [
                new TransactGetItem { Get = new Get { TableName = _options.TableName, Key = Key(_clusterId, VersionRow) } },
                new TransactGetItem { Get = new Get { TableName = _options.TableName, Key = Key(_clusterId, RowOf(key)) } },
            ],
        }, ct), cancellationToken).ConfigureAwait(false);

        var version = VersionOf(response.Responses[0].Item is { Count: > 0 } v ? v : null);
        return response.Responses[1].Item is { Count: > 0 } silo
            ? new MembershipTableData(Tuple.Create(ToEntry(silo), silo[ETagAttribute].N), version)
            : new MembershipTableData(version);
    }

    public Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion) => InsertRowAsync(entry, tableVersion, CancellationToken.None);

    public async Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion tableVersion, CancellationToken cancellationToken)
    {
        if (VersionUpdate(tableVersion) is not { } versionUpdate)
        {
            return false;
        }

        var item = Key(_clusterId, RowOf(entry.SiloAddress));
        foreach (var (name, value) in Fields(entry, tableVersion.Version))
        {
            if (value is not null)
            {
                item[name] = value;
            }
        }

        item[ETagAttribute] = Number(1);
        item[IAmAliveAttribute] = Ticks(entry.IAmAliveTime);
        var put = new Put
        {
            TableName = _options.TableName,
            Item = item,
            ConditionExpression = "attribute_not_exists(#row)",
            ExpressionAttributeNames = new() { ["#row"] = RowAttribute },
        };

        var written = await TransactAsync(new TransactWriteItem { Put = put }, versionUpdate, cancellationToken).ConfigureAwait(false);
        LogWrite(_logger, "insert", entry.SiloAddress, entry.Status, tableVersion.Version, written);
        return written;
    }

    public Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion) =>
        UpdateRowAsync(entry, etag, tableVersion, CancellationToken.None);

    public async Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion tableVersion, CancellationToken cancellationToken)
    {
        if (VersionUpdate(tableVersion) is not { } versionUpdate
            || !long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var current))
        {
            return false;
        }

        var names = new Dictionary<string, string> { ["#row"] = RowAttribute, ["#etag"] = ETagAttribute };
        var values = new Dictionary<string, AttributeValue> { [":etag"] = Number(current), [":next"] = Number(current + 1) };
        var set = new List<string> { "#etag = :next" };
        var remove = new List<string>();
        var i = 0;
        foreach (var (name, value) in Fields(entry, tableVersion.Version))
        {
            names[$"#f{i}"] = name;
            if (value is null)
            {
                remove.Add($"#f{i}");
            }
            else
            {
                values[$":f{i}"] = value;
                set.Add($"#f{i} = :f{i}");
            }

            i++;
        }

        var condition = "attribute_exists(#row) AND #etag = :etag";
        if (entry.Status != SiloStatus.Dead)
        {
            // Dead is final: a silo declared dead never comes back under the same address and generation.
            names["#status"] = StatusAttribute;
            values[":dead"] = Number((int)SiloStatus.Dead);
            condition += " AND #status <> :dead";
        }

        var update = new Update
        {
            TableName = _options.TableName,
            Key = Key(_clusterId, RowOf(entry.SiloAddress)),
            UpdateExpression = "SET " + string.Join(", ", set) + (remove.Count > 0 ? " REMOVE " + string.Join(", ", remove) : ""),
            ConditionExpression = condition,
            ExpressionAttributeNames = names,
            ExpressionAttributeValues = values,
        };

        var written = await TransactAsync(new TransactWriteItem { Update = update }, versionUpdate, cancellationToken).ConfigureAwait(false);
        LogWrite(_logger, "update", entry.SiloAddress, entry.Status, tableVersion.Version, written);
        if (written)
        {
            // The heartbeat only moves forward, which a transaction's SET cannot express next to the ETag check.
            await UpdateIAmAliveAsync(entry, cancellationToken).ConfigureAwait(false);
        }

        return written;
    }

    public Task UpdateIAmAlive(MembershipEntry entry) => UpdateIAmAliveAsync(entry, CancellationToken.None);

    public async Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            await _retry.RunAsync((_, ct) => Client.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _options.TableName,
                Key = Key(_clusterId, RowOf(entry.SiloAddress)),
                UpdateExpression = "SET #alive = :alive",
                ConditionExpression = "attribute_exists(#row) AND (attribute_not_exists(#alive) OR #alive < :alive)",
                ExpressionAttributeNames = new() { ["#row"] = RowAttribute, ["#alive"] = IAmAliveAttribute },
                ExpressionAttributeValues = new() { [":alive"] = Ticks(entry.IAmAliveTime) },
            }, ct), cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException)
        {
            // A newer heartbeat is already there, or the row was removed: nothing to do either way.
        }
    }

    public Task DeleteMembershipTableEntries(string clusterId) => DeleteMembershipTableEntriesAsync(clusterId, CancellationToken.None);

    public async Task DeleteMembershipTableEntriesAsync(string clusterId, CancellationToken cancellationToken)
    {
        var items = await QueryAsync(clusterId, cancellationToken).ConfigureAwait(false);
        foreach (var chunk in items.Chunk(25))
        {
            var pending = new Dictionary<string, List<WriteRequest>>
            {
                [_options.TableName] = [.. chunk.Select(item => new WriteRequest(new DeleteRequest(Key(clusterId, item[RowAttribute].S))))],
            };
            while (pending.Count > 0)
            {
                var response = await _retry.RunAsync((_, ct) => Client.BatchWriteItemAsync(new BatchWriteItemRequest(pending), ct), cancellationToken)
                    .ConfigureAwait(false);
                pending = response.UnprocessedItems is { Count: > 0 } left ? left : [];
            }
        }

        LogDeleted(_logger, clusterId, items.Count);
    }

    public Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate) => CleanupDefunctSiloEntriesAsync(beforeDate, CancellationToken.None);

    public async Task CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken)
    {
        var cutoff = beforeDate.UtcTicks;
        var removed = 0;
        foreach (var item in await QueryAsync(_clusterId, cancellationToken).ConfigureAwait(false))
        {
            if (item[RowAttribute].S == VersionRow
                || LongOf(item, StatusAttribute) != (int)SiloStatus.Dead
                || Math.Max(LongOf(item, IAmAliveAttribute), LongOf(item, StartTimeAttribute)) >= cutoff)
            {
                continue;
            }

            try
            {
                // Only the row as read: one changed since is not defunct.
                await _retry.RunAsync((_, ct) => Client.DeleteItemAsync(new DeleteItemRequest
                {
                    TableName = _options.TableName,
                    Key = Key(_clusterId, item[RowAttribute].S),
                    ConditionExpression = "#etag = :etag",
                    ExpressionAttributeNames = new() { ["#etag"] = ETagAttribute },
                    ExpressionAttributeValues = new() { [":etag"] = item[ETagAttribute] },
                }, ct), cancellationToken).ConfigureAwait(false);
                removed++;
            }
            catch (ConditionalCheckFailedException)
            {
            }
        }

        LogCleanedUp(_logger, _clusterId, removed, beforeDate);
    }

    public void Dispose() => Interlocked.Exchange(ref _client, null)?.Dispose();

    private async Task CreateVersionRowAsync(IAmazonDynamoDB client, CancellationToken cancellationToken)
    {
        var item = Key(_clusterId, VersionRow);
        item[VersionAttribute] = Number(NoVersion.Version);
        item[ETagAttribute] = new AttributeValue { N = NoVersion.VersionEtag };
        try
        {
            await _retry.RunAsync((_, ct) => client.PutItemAsync(new PutItemRequest
            {
                TableName = _options.TableName,
                Item = item,
                ConditionExpression = "attribute_not_exists(#row)",
                ExpressionAttributeNames = new() { ["#row"] = RowAttribute },
            }, ct), cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException)
        {
            // Another silo made it first.
        }
    }

    /// <summary>The version item's update for <paramref name="next"/>, or null when its ETag cannot be ours.</summary>
    private Update? VersionUpdate(TableVersion next)
    {
        if (!long.TryParse(next.VersionEtag, NumberStyles.None, CultureInfo.InvariantCulture, out var etag))
        {
            return null;
        }

        return new Update
        {
            TableName = _options.TableName,
            Key = Key(_clusterId, VersionRow),
            UpdateExpression = "SET #version = :version, #etag = :next",
            ConditionExpression = "#etag = :etag AND #version < :version",
            ExpressionAttributeNames = new() { ["#version"] = VersionAttribute, ["#etag"] = ETagAttribute },
            ExpressionAttributeValues = new()
            {
                [":version"] = Number(next.Version),
                [":etag"] = Number(etag),
                [":next"] = Number(etag + 1),
            },
        };
    }

    /// <summary>Writes the silo item and the version item together; false when a condition (or a concurrent transaction) stopped it.</summary>
    private async Task<bool> TransactAsync(TransactWriteItem silo, Update version, CancellationToken cancellationToken)
    {
        try
        {
            await _retry.RunAsync((_, ct) => Client.TransactWriteItemsAsync(new TransactWriteItemsRequest
            {
                TransactItems = [silo, new TransactWriteItem { Update = version }],
            }, ct), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TransactionCanceledException ex) when (ex.CancellationReasons?.Any(r => r.Code is "ConditionalCheckFailed" or "TransactionConflict") == true
            || ex.Message.Contains("ConditionalCheckFailed", StringComparison.Ordinal))
        {
            LogTransactionCanceled(_logger, string.Join(", ", ex.CancellationReasons?.Select(r => r.Code ?? "None") ?? []));
            return false;
        }
    }

    private async Task<Dictionary<string, AttributeValue>?> GetAsync(string row, CancellationToken cancellationToken)
    {
        var response = await _retry.RunAsync((_, ct) => Client.GetItemAsync(new GetItemRequest
        {
            TableName = _options.TableName,
            Key = Key(_clusterId, row),
            ConsistentRead = true,
        }, ct), cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item ? item : null;
    }

    private async Task<List<Dictionary<string, AttributeValue>>> QueryAsync(string clusterId, CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var response = await _retry.RunAsync((_, ct) => Client.QueryAsync(new QueryRequest
            {
                TableName = _options.TableName,
                KeyConditionExpression = "#cluster = :cluster",
                ExpressionAttributeNames = new() { ["#cluster"] = ClusterAttribute },
                ExpressionAttributeValues = new() { [":cluster"] = new AttributeValue { S = clusterId } },
                ConsistentRead = true,
                ExclusiveStartKey = start,
            }, ct), cancellationToken).ConfigureAwait(false);
            items.AddRange(response.Items ?? []);
            start = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);

        return items;
    }

    private static TableVersion VersionOf(Dictionary<string, AttributeValue>? item) => item is null
        ? NoVersion
        : new TableVersion((int)LongOf(item, VersionAttribute), item[ETagAttribute].N);

    private IAmazonDynamoDB Client => Volatile.Read(ref _client)
        ?? throw new InvalidOperationException("The DynamoDB membership table is used before InitializeMembershipTable.");

    [LoggerMessage(1101, LogLevel.Information, "Membership table {Table} ready for cluster {ClusterId} (created now: {Created})")]
    private static partial void LogInitialized(ILogger logger, string table, string clusterId, bool created);

    [LoggerMessage(1102, LogLevel.Error, "Membership table {Table} could not be initialized")]
    private static partial void LogInitFailed(ILogger logger, Exception exception, string table);

    [LoggerMessage(EventId = 1103, Message = "Membership table: transient DynamoDB failure on attempt {Attempt} ({Failure}), retrying in {DelayMs:0} ms")]
    private static partial void LogRetry(ILogger logger, LogLevel level, int attempt, string failure, double delayMs);

    [LoggerMessage(1104, LogLevel.Debug, "Membership table: {Operation} of {Silo} as {Status} at table version {Version}: {Written}")]
    private static partial void LogWrite(ILogger logger, string operation, SiloAddress silo, SiloStatus status, int version, bool written);

    [LoggerMessage(1105, LogLevel.Debug, "Membership table: write lost a race ({Reasons})")]
    private static partial void LogTransactionCanceled(ILogger logger, string reasons);

    [LoggerMessage(1106, LogLevel.Debug, "Membership table: snapshot {Attempt} saw a concurrent write; reading again")]
    private static partial void LogSnapshotRetry(ILogger logger, int attempt);

    [LoggerMessage(1107, LogLevel.Information, "Membership table: deleted {Count} items of cluster {ClusterId}")]
    private static partial void LogDeleted(ILogger logger, string clusterId, int count);

    [LoggerMessage(1108, LogLevel.Information, "Membership table: removed {Count} dead silos of cluster {ClusterId} last seen before {Before}")]
    private static partial void LogCleanedUp(ILogger logger, string clusterId, int count, DateTimeOffset before);
}
