using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Fraud.Orleans.Storage.DynamoDB;

/// <summary>
/// Reads grain states many to a BatchGetItem, with few requests in flight. A silo taking over partitions activates
/// thousands of grains within a second; one GetItem each crowded DynamoDB until requests timed out, were retried
/// and timed out again, and activations failed for a minute. Here a read that finds a request slot free goes at
/// once, and reads that arrive while the slots are busy wait and go together in the next request.
/// </summary>
internal sealed class DynamoDBStateReads(Func<IAmazonDynamoDB> client, DynamoDBStorageOptions options, DynamoDBRetry retry)
{
    /// <summary>Keys DynamoDB takes in one BatchGetItem.</summary>
    public const int BatchGetItemLimit = 100;

    private readonly Lock _lock = new();
    private readonly Queue<PendingRead> _waiting = new();
    private int _inFlight;

    /// <summary>The item stored under <paramref name="key"/> (strongly consistent), or null when there is none.</summary>
    public Task<Dictionary<string, AttributeValue>?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var read = new PendingRead(key, cancellationToken);
        bool send;
        lock (_lock)
        {
            _waiting.Enqueue(read);
            send = _inFlight < options.MaxReadRequestsInFlight;
            if (send)
            {
                _inFlight++;
            }
        }

        if (send)
        {
            // Off the caller's scheduler (a grain turn): the SDK's continuations must not queue behind the grain's.
            _ = Task.Run(SendWhileWaitingAsync, CancellationToken.None);
        }

        return read.Task;
    }

    private async Task SendWhileWaitingAsync()
    {
        while (true)
        {
            var batch = new List<PendingRead>();
            lock (_lock)
            {
                while (batch.Count < options.MaxReadsPerRequest && _waiting.TryDequeue(out var read))
                {
                    if (!read.Task.IsCompleted)
                    {
                        batch.Add(read);
                    }
                }

                if (batch.Count == 0)
                {
                    _inFlight--;
                    return;
                }
            }

            await ReadAsync(batch).ConfigureAwait(false);
        }
    }

    private async Task ReadAsync(List<PendingRead> batch)
    {
        try
        {
            var found = await BatchGetAsync(batch.Select(r => r.Key).Distinct(StringComparer.Ordinal).ToList()).ConfigureAwait(false);
            foreach (var read in batch)
            {
                read.Complete(found.GetValueOrDefault(read.Key));
            }
        }
        catch (Exception ex)
        {
            foreach (var read in batch)
            {
                read.Fail(ex);
            }
        }
    }

    private async Task<Dictionary<string, Dictionary<string, AttributeValue>>> BatchGetAsync(List<string> keys)
    {
        var table = options.TableName;
        var found = new Dictionary<string, Dictionary<string, AttributeValue>>(keys.Count, StringComparer.Ordinal);
        var ask = new KeysAndAttributes
        {
            Keys = keys.Select(k => new Dictionary<string, AttributeValue> { [DynamoDBGrainStorage.IdAttribute] = new AttributeValue { S = k } }).ToList(),
            ConsistentRead = true,
        };

        // Keys DynamoDB left unread (throttled, or over its 16 MB answer) are asked again with the retry's backoff.
        await retry.RunAsync(async (_, ct) =>
        {
            var response = await client().BatchGetItemAsync(new BatchGetItemRequest { RequestItems = new() { [table] = ask } }, ct).ConfigureAwait(false);
            if (response.Responses is not null && response.Responses.TryGetValue(table, out var items))
            {
                foreach (var item in items)
                {
                    found[item[DynamoDBGrainStorage.IdAttribute].S] = item;
                }
            }

            if (response.UnprocessedKeys is not null && response.UnprocessedKeys.TryGetValue(table, out var rest) && rest.Keys is { Count: > 0 })
            {
                rest.ConsistentRead = true;
                ask = rest;
                throw new ProvisionedThroughputExceededException($"DynamoDB left {rest.Keys.Count} of {keys.Count} states unread.");
            }
        }, CancellationToken.None).ConfigureAwait(false);
        return found;
    }

    private sealed class PendingRead
    {
        private readonly TaskCompletionSource<Dictionary<string, AttributeValue>?> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenRegistration _cancellation;

        public PendingRead(string key, CancellationToken cancellationToken)
        {
            Key = key;
            if (cancellationToken.CanBeCanceled)
            {
                _cancellation = cancellationToken.Register(() => _result.TrySetCanceled(cancellationToken));
            }
        }

        public string Key { get; }

        public Task<Dictionary<string, AttributeValue>?> Task => _result.Task;

        public void Complete(Dictionary<string, AttributeValue>? item)
        {
            _cancellation.Dispose();
            _result.TrySetResult(item);
        }

        public void Fail(Exception error)
        {
            _cancellation.Dispose();
            _result.TrySetException(error);
        }
    }
}
