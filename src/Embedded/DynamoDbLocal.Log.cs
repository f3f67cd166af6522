using Microsoft.Extensions.Logging;

namespace Fraud.Orleans.Embedded;

public sealed partial class DynamoDbLocal
{
    // Source-generated, so that the server's chatty output costs nothing when Debug is off.
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "DynamoDB Local is up at {ServiceUrl} (pid {ProcessId}, {Storage}) after {ElapsedMs} ms")]
        public static partial void Started(ILogger logger, Uri serviceUrl, int processId, string storage, long elapsedMs);

        [LoggerMessage(2, LogLevel.Information, "DynamoDB Local on port {Port} stopped (pid {ProcessId})")]
        public static partial void Stopped(ILogger logger, int port, int processId);

        [LoggerMessage(3, LogLevel.Warning, "DynamoDB Local (pid {ProcessId}) exited unexpectedly with code {ExitCode}")]
        public static partial void ExitedUnexpectedly(ILogger logger, int processId, int exitCode);

        [LoggerMessage(4, LogLevel.Warning, "DynamoDB Local (pid {ProcessId}) did not exit within {Seconds} s of being killed")]
        public static partial void StopTimedOut(ILogger logger, int processId, double seconds);

        [LoggerMessage(5, LogLevel.Warning, "Could not kill DynamoDB Local (pid {ProcessId})")]
        public static partial void KillFailed(ILogger logger, Exception exception, int processId);

        [LoggerMessage(6, LogLevel.Debug, "Port {Port} was taken before DynamoDB Local could bind it; trying another")]
        public static partial void PortRace(ILogger logger, int port);

        [LoggerMessage(7, LogLevel.Debug, "dynamodb-local: {Line}")]
        public static partial void Output(ILogger logger, string line);

        [LoggerMessage(8, LogLevel.Debug, "Could not remove DynamoDB Local's working directory {Path}")]
        public static partial void WorkingDirectoryNotRemoved(ILogger logger, Exception exception, string path);
    }
}
