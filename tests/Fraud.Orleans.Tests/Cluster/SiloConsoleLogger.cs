using Microsoft.Extensions.Logging;

namespace Fraud.Orleans.Tests.Cluster;

/// <summary>Console lines prefixed with the silo they come from, for explaining a cluster test (FRAUD_CLUSTER_DEBUG=1).</summary>
internal sealed class SiloConsoleLogger(string silo) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Category(silo, categoryName);

    public void Dispose()
    {
    }

    private sealed class Category(string silo, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {silo} {logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : " | " + exception.GetType().Name + ": " + exception.Message)}");
    }
}
