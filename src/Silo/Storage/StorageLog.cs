using Fraud.Orleans.Storage.DynamoDB;
using Microsoft.Extensions.Logging;

namespace Fraud.Orleans.Silo.Storage;

public sealed partial class StorageLog(ILogger<StorageLog> logger)
{
    private readonly ILogger _logger = logger;

    public void SignalBatchFailed(int count, TimeSpan backoff, Exception exception) =>
        SignalBatchFailed(DynamoDBThrottling.RetryLogLevel(exception), count, DynamoDBThrottling.Summary(exception), backoff);

    [LoggerMessage(EventId = 1, Message = "Writing a batch of {Count} signals failed ({Failure}); retrying in {Backoff}")]
    private partial void SignalBatchFailed(LogLevel level, int count, string failure, TimeSpan backoff);

    public void ReviewCaseFailed(long transactionId, TimeSpan backoff, Exception exception) =>
        ReviewCaseFailed(DynamoDBThrottling.RetryLogLevel(exception), transactionId, backoff, exception);

    [LoggerMessage(EventId = 2, Message = "Writing the review case of transaction {TransactionId} failed; retrying in {Backoff}")]
    private partial void ReviewCaseFailed(LogLevel level, long transactionId, TimeSpan backoff, Exception exception);

    [LoggerMessage(3, LogLevel.Information, "DynamoDB tables ready: state {StateTable}, signals {SignalTable}, reviews {ReviewTable} at {Endpoint}")]
    public partial void TablesReady(string stateTable, string signalTable, string reviewTable, string endpoint);
}
