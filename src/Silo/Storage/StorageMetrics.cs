using System.Diagnostics.Metrics;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Fraud.Orleans.Ingest;

namespace Fraud.Orleans.Silo.Storage;

/// <summary>
/// DynamoDB requests we send again, as <see cref="FraudMeter"/> instruments. The client retries nothing itself
/// (<see cref="DynamoDbClientFactory"/>), so every transient failure and every throttle shows here.
/// </summary>
public sealed class StorageMetrics
{
    private static readonly KeyValuePair<string, object?> SignalBatch = new("operation", "signal_batch");
    private static readonly KeyValuePair<string, object?> StateWrite = new("operation", "state_write");
    private static readonly KeyValuePair<string, object?> Throttled = new("reason", "throttled");
    private static readonly KeyValuePair<string, object?> Failed = new("reason", "error");

    private readonly Counter<long> _retries;
    private readonly Counter<long> _unprocessed;

    public StorageMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(FraudMeter.Name);
        _retries = meter.CreateCounter<long>(
            "fraud.storage.retries", "{request}", "DynamoDB requests that failed transiently and are sent again, by operation and reason (throttled or error)");
        _unprocessed = meter.CreateCounter<long>(
            "fraud.storage.unprocessed_items", "{item}", "Signals a BatchWriteItem handed back unprocessed (DynamoDB's throttling of batches) and sent again");

        // Exported from the first measurement on: start at 0 so a scrape shows "none yet".
        _retries.Add(0, SignalBatch, Throttled);
        _retries.Add(0, SignalBatch, Failed);
        _retries.Add(0, StateWrite, Throttled);
        _retries.Add(0, StateWrite, Failed);
        _unprocessed.Add(0);
    }

    public void SignalBatchRetried(Exception failure) => _retries.Add(1, SignalBatch, Reason(failure));

    public void StateWriteRetried(Exception failure) => _retries.Add(1, StateWrite, Reason(failure));

    public void UnprocessedItems(int count) => _unprocessed.Add(count);

    private static KeyValuePair<string, object?> Reason(Exception failure) =>
        failure is ProvisionedThroughputExceededException or RequestLimitExceededException
            || (failure is AmazonServiceException service && (service.Retryable?.Throttling == true || service.ErrorCode is "ThrottlingException"))
            ? Throttled
            : Failed;
}
