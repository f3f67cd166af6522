using Microsoft.Extensions.Logging;

namespace Fraud.Orleans.Silo.Storage;

public sealed partial class StorageLog(ILogger<StorageLog> logger)
{
    private readonly ILogger _logger = logger;

    [LoggerMessage(1, LogLevel.Warning, "Writing a batch of {Count} signals failed; retrying in {Backoff}")]
    public partial void SignalBatchFailed(int count, TimeSpan backoff, Exception exception);

    [LoggerMessage(3, LogLevel.Information, "DynamoDB tables ready: state {StateTable}, signals {SignalTable} at {Endpoint}")]
    public partial void TablesReady(string stateTable, string signalTable, string endpoint);
}
