using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Fraud.Orleans.Ingest;

/// <summary>
/// librdkafka's own log lines go through the silo's logging (its levels, sinks and redaction) rather than straight
/// to stderr, where nobody filters them and a log scan would not see them.
/// </summary>
public static class KafkaClientLogs
{
    public static void Route(IngestLog log, LogMessage message) =>
        log.Librdkafka(LevelOf(message.Level), message.Name, message.Facility, message.Message);

    public static LogLevel LevelOf(SyslogLevel level) => level switch
    {
        SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical => LogLevel.Critical,
        SyslogLevel.Error => LogLevel.Error,
        SyslogLevel.Warning => LogLevel.Warning,
        SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
        _ => LogLevel.Debug,
    };
}
