using System.Diagnostics;
using System.Diagnostics.Metrics;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Storage.DynamoDB;

namespace Fraud.Orleans.Silo.Storage;

/// <summary>
/// DynamoDB requests we send again and the time spent waiting before sending them, as <see cref="FraudMeter"/>
/// instruments. The SDK client retries nothing itself (<see cref="DynamoDbClientFactory"/>, and the providers'
/// own factory), so every transient failure and every throttle shows here: the signal writer's batches, the
/// checkpoint's state writes, and the grain storage's and membership table's own retries (as their
/// <see cref="IDynamoDBRetryObserver"/>).
/// </summary>
public sealed class StorageMetrics : IDynamoDBRetryObserver
{
    private const string SignalBatch = "signal_batch";
    private const string StateWrite = "state_write";
    private const string ReviewCase = "review_case";
    private const string Throttled = "throttled";
    private const string Failed = "error";
    private const string Unprocessed = "unprocessed";

    private readonly Counter<long> _retries;
    private readonly Counter<double> _backoff;
    private readonly Counter<long> _unprocessed;

    public StorageMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(FraudMeter.Name);
        _retries = meter.CreateCounter<long>(
            "fraud.storage.retries", "{request}",
            "DynamoDB requests that failed transiently and are sent again, by operation (signal_batch, state_write, review_case, grain_storage, membership) and reason (throttled or error)");
        _backoff = meter.CreateCounter<double>(
            "fraud.storage.backoff", "ms",
            "Time spent waiting before sending a DynamoDB request again, by operation and reason (throttled, error, or unprocessed batch items)");
        _unprocessed = meter.CreateCounter<long>(
            "fraud.storage.unprocessed_items", "{item}", "Signals a BatchWriteItem handed back unprocessed (DynamoDB's throttling of batches) and sent again");

        // Exported from the first measurement on: start at 0 so a scrape shows "none yet".
        foreach (var operation in new[] { SignalBatch, StateWrite, ReviewCase, "grain_storage", "membership" })
        {
            foreach (var reason in new[] { Throttled, Failed })
            {
                _retries.Add(0, Tags(operation, reason));
                _backoff.Add(0, Tags(operation, reason));
            }
        }

        _backoff.Add(0, Tags(SignalBatch, Unprocessed));
        _unprocessed.Add(0);
    }

    public void SignalBatchRetried(Exception failure, TimeSpan backoff) => Retried(SignalBatch, Reason(failure), backoff);

    public void StateWriteRetried(Exception failure, TimeSpan backoff) => Retried(StateWrite, Reason(failure), backoff);

    public void ReviewCaseRetried(Exception failure, TimeSpan backoff) => Retried(ReviewCase, Reason(failure), backoff);

    /// <summary>Items of a batch DynamoDB handed back, sent again after <paramref name="backoff"/>.</summary>
    public void UnprocessedItems(int count, TimeSpan backoff)
    {
        _unprocessed.Add(count);
        _backoff.Add(backoff.TotalMilliseconds, Tags(SignalBatch, Unprocessed));
    }

    void IDynamoDBRetryObserver.OnRetry(string provider, Exception failure, TimeSpan backoff) => Retried(provider, Reason(failure), backoff);

    private void Retried(string operation, string reason, TimeSpan backoff)
    {
        var tags = Tags(operation, reason);
        _retries.Add(1, tags);
        _backoff.Add(backoff.TotalMilliseconds, tags);
    }

    private static TagList Tags(string operation, string reason) => new() { { "operation", operation }, { "reason", reason } };

    private static string Reason(Exception failure) => DynamoDBThrottling.Is(failure) ? Throttled : Failed;
}
