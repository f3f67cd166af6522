using System.Net;
using System.Net.Sockets;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Silo.Storage;
using Fraud.Orleans.Tests.Storage;
using Fraud.Orleans.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fraud.Orleans.Tests.Metrics;

/// <summary>A signal batch that cannot reach DynamoDB is retried, and every retry is counted on the silo's meter.</summary>
public sealed class StorageRetryMetricsTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Every_retry_of_a_signal_batch_is_counted_as_an_error_of_its_operation()
    {
        var options = new DynamoDbOptions
        {
            ServiceUrl = $"http://127.0.0.1:{RefusingPort()}",
            SignalBatchLinger = TimeSpan.Zero,
            MaxRetryBackoff = TimeSpan.FromMilliseconds(50),
        };
        var meters = TestMeters.NewFactory();
        using var counters = new CounterSums(meters, "fraud.storage.retries", "fraud.storage.backoff");
        using var client = DynamoDbClientFactory.Create(options);
        var durable = new DurableSignals();
        using var writer = new DynamoDbSignalWriter(client, options, [durable], TimeProvider.System, new StorageMetrics(meters), new StorageLog(NullLogger<StorageLog>.Instance));
        await writer.StartAsync(CancellationToken.None);
        try
        {
            writer.Enqueue(new FraudSignal(1, "card-1", 7, 1234, 1_530_000_000_000, default, default, default, 0.25f, Decision.Approve, ReasonCodes.None, "m"), 0);
            await Eventually.WaitUntilAsync(
                () => counters.Sum("fraud.storage.retries", "signal_batch", "error") >= 3, Deadline, () => $"retries {counters.Describe("fraud.storage.retries")}");

            Assert.Empty(durable.Ids);
            Assert.Equal(0, counters.Sum("fraud.storage.retries", "signal_batch", "throttled"));
            Assert.Equal(0, counters.Sum("fraud.storage.retries", "state_write", "error"));

            // Each retry waited its backoff first (20 ms, then doubling up to 50 ms): the wait is counted too.
            Assert.True(counters.Sum("fraud.storage.backoff", "signal_batch", "error") >= 20, counters.Describe("fraud.storage.backoff"));
        }
        finally
        {
            writer.Abandon();
            await writer.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>A loopback port nothing listens on: connections are refused at once.</summary>
    private static int RefusingPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
