using Microsoft.Extensions.Logging;

namespace Fraud.Orleans.Ingest;

public sealed partial class IngestLog(ILogger<IngestLog> logger)
{
    private readonly ILogger _logger = logger;

    [LoggerMessage(1, LogLevel.Information, "Assigned {Partitions}")]
    public partial void Assigned(string partitions);

    [LoggerMessage(2, LogLevel.Information, "Revoked {Partitions}: {Outcome}")]
    public partial void Revoked(string partitions, string outcome);

    [LoggerMessage(3, LogLevel.Warning, "Record {Topic}[{Partition}]@{Offset} key {Key} sent to the dead-letter topic: {Code} ({Reason})")]
    public partial void DeadLettered(string topic, int partition, long offset, string key, string code, string reason);

    [LoggerMessage(4, LogLevel.Error, "Processing {Topic}[{Partition}]@{Offset} failed; retrying in {Backoff}")]
    public partial void ProcessingFailed(string topic, int partition, long offset, TimeSpan backoff, Exception exception);

    [LoggerMessage(5, LogLevel.Warning, "Kafka: {Reason}")]
    public partial void KafkaError(string reason);

    [LoggerMessage(6, LogLevel.Warning, "Committing offsets failed: {Reason}")]
    public partial void CommitFailed(string reason);

    [LoggerMessage(7, LogLevel.Error, "Revoking {Partitions}: records still in flight after {Timeout}; not committing them")]
    public partial void RevokeTimedOut(string partitions, TimeSpan timeout);

    [LoggerMessage(8, LogLevel.Information, "Consuming {Topic} as group {GroupId} from {BootstrapServers} over {Security}")]
    public partial void Started(string topic, string groupId, string bootstrapServers, string security);

    [LoggerMessage(9, LogLevel.Information, "Terminal feed reading {Topics} whole ({Partitions} partitions)")]
    public partial void TerminalFeedStarted(string topics, int partitions);

    [LoggerMessage(10, LogLevel.Warning, "Terminal feed skipped {Topic}[{Partition}]@{Offset}: {Reason}")]
    public partial void TerminalFeedSkipped(string topic, int partition, long offset, string reason);

    [LoggerMessage(11, LogLevel.Warning, "Scored a transaction at {EventTime:o} before the terminal feed was complete through {Through:o} (waited {Wait}); its terminal risk may miss late labels")]
    public partial void TerminalHistoryIncomplete(DateTimeOffset eventTime, DateTimeOffset through, TimeSpan wait);

    [LoggerMessage(12, LogLevel.Warning, "Dropped {Topic}[{Partition}]: another silo owns it now (fenced); nothing more is processed or committed for it")]
    public partial void PartitionDropped(string topic, int partition);

    [LoggerMessage(14, LogLevel.Warning, "{Partitions} still assigned here {Elapsed} after being fenced: leaving and rejoining group {GroupId} so it decides their owner again")]
    public partial void RejoiningFenced(string partitions, TimeSpan elapsed, string groupId);

    [LoggerMessage(13, LogLevel.Debug, "Committed {Offsets}")]
    public partial void Committed(string offsets);

    [LoggerMessage(EventId = 41, Message = "librdkafka {Client} {Facility}: {Text}")]
    public partial void Librdkafka(LogLevel level, string client, string facility, string text);

    [LoggerMessage(40, LogLevel.Warning, "Terminal feed could not ask the broker where {Topic}[{Partition}] ends: {Reason}")]
    public partial void TerminalFeedEndQueryFailed(string topic, int partition, string reason);
}
