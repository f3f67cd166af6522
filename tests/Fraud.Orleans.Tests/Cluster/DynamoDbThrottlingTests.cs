using System.Diagnostics;
using System.Diagnostics.Metrics;
using Fraud.Orleans.Embedded;
using Fraud.Orleans.Simulator;
using Fraud.Orleans.Tests.Integration;
using Fraud.Orleans.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Fraud.Orleans.Tests.Cluster;

/// <summary>
/// A fifth of DynamoDB's answers are throttles for 30 s at 2,000 tx/s (through <see cref="DynamoDbFaultProxy"/>, a real
/// network hop): the silo backs off and retries every one, then drains the backlog; nothing lost, nothing doubled.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class DynamoDbThrottlingTests(InfrastructureFixture fixture, ITestOutputHelper output)
{
    private const int Partitions = 4;
    private const int Rate = 2_000;
    private const double ThrottleShare = 0.2;
    private static readonly TimeSpan FaultsOn = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan FaultsFor = TimeSpan.FromSeconds(30);
    private static readonly int Total = (int)((FaultsOn + FaultsFor).TotalSeconds * Rate); // the stream ends as the faults do
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Twenty_percent_of_DynamoDB_requests_throttled_for_30_s_at_2000_tx_s_loses_and_doubles_nothing_and_the_backlog_drains()
    {
        var input = TransactionSimulator.Generate(new SimulatorOptions { Customers = 2000, Seed = 13 }).Take(Total).Select(s => s.Transaction).ToList();
        var names = fixture.NewNames(Partitions);
        var bootstrap = fixture.Infrastructure.Kafka.BootstrapServers;
        await using var proxy = DynamoDbFaultProxy.Start(fixture.Infrastructure.DynamoDb.ServiceUrl, seed: 13);
        var watch = new SignalWatch(Partitions);
        var cluster = new FraudCluster(bootstrap, proxy.ServiceUrl, names, Partitions);
        cluster.AddSignalObserver(watch.For);
        try
        {
            var silo = await cluster.StartSiloAsync();
            await cluster.WaitForBalancedAsync(Deadline);
            using var counters = new CounterSums(silo.Services.GetRequiredService<IMeterFactory>(), "fraud.storage.retries", "fraud.storage.backoff");
            var off = new Stopwatch();
            long backlogAtOff = 0;
            var clock = Stopwatch.StartNew();
            using var sampling = new CancellationTokenSource();
            var peakBacklog = SamplePeakBacklogAsync(clock, watch, sampling.Token);
            await PacedStream.RunAsync(bootstrap, names.Topic, input, Rate,
            [
                (FaultsOn, () =>
                {
                    proxy.Faults = new DynamoDbFaults { Throttle = ThrottleShare };
                    return Task.CompletedTask;
                }),
                (FaultsOn + FaultsFor, () =>
                {
                    proxy.Faults = DynamoDbFaults.None;
                    off.Start();
                    backlogAtOff = Total - watch.DistinctDurable;
                    return Task.CompletedTask;
                }),
            ], Deadline);
            var faulted = proxy.Counts;
            await sampling.CancelAsync();
            var peak = await peakBacklog;

            await Eventually.WaitUntilAsync(() => watch.DistinctDurable == Total, Deadline, () => $"{watch.DistinctDurable:N0} of {Total:N0} signals durable");
            var durableAfter = off.Elapsed;
            await Eventually.WaitUntilAsync(
                () => ClusterChecks.PartitionsBehind(bootstrap, names, Partitions).Count == 0, Deadline,
                () => string.Join("; ", ClusterChecks.PartitionsBehind(bootstrap, names, Partitions)));
            var committedAfter = off.Elapsed;
            var retries = counters.Sum("fraud.storage.retries", reason: "throttled");
            var backoffMs = counters.Sum("fraud.storage.backoff", reason: "throttled");
            output.WriteLine($"proxy while throttling: {faulted} ({(double)faulted.Throttled / faulted.Requests:P1} of requests)");
            output.WriteLine($"silo: {counters.Describe("fraud.storage.retries")} retries; backoff ms {counters.Describe("fraud.storage.backoff")}");
            output.WriteLine($"backlog (sent by the schedule, not yet durable) peaked at {peak.Signals:N0} signals {peak.At.TotalSeconds:0.0} s into the stream");
            output.WriteLine($"faults off with {backlogAtOff:N0} signals not yet durable: all durable {durableAfter.TotalSeconds:0.0} s later, all committed {committedAfter.TotalSeconds:0.0} s later");

            await cluster.StopAllAsync(TimeSpan.FromSeconds(30));
            using var client = fixture.Infrastructure.DynamoDb.CreateClient(c => c.Timeout = TimeSpan.FromMinutes(1));
            var (missing, _) = await ClusterChecks.MissingSignalsAsync(client, names.SignalTable, input);
            var totals = await ClusterChecks.CardTotalsAsync(client, names.StateTable, input);
            output.WriteLine($"{Total:N0} transactions: lost {missing.Count} (no signal row), doubled {totals.Doubled} and uncounted {totals.Uncounted} (card totals), {totals.Wrong.Count} cards wrong");

            Assert.Empty(missing);
            Assert.True(totals.Right, totals.Describe());
            ClusterChecks.AssertCommittedToEnd(bootstrap, names, Partitions);

            // Every throttle the proxy answered was seen and retried by the silo, not hidden under the SDK, and waited for.
            Assert.True(faulted.Throttled > 0 && retries >= faulted.Throttled * 0.9, $"{retries} throttled retries counted, {faulted.Throttled} throttles injected");
            Assert.True(backoffMs > 0, $"{backoffMs} ms backoff");
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    /// <summary>The most signals the stream's schedule had sent but the silo had not yet made durable, and when.</summary>
    private static async Task<(long Signals, TimeSpan At)> SamplePeakBacklogAsync(Stopwatch clock, SignalWatch watch, CancellationToken stop)
    {
        var peak = (Signals: 0L, At: TimeSpan.Zero);
        using var every = new PeriodicTimer(TimeSpan.FromMilliseconds(100)); // a sampling period, not a synchronisation
        while (!stop.IsCancellationRequested)
        {
            var sent = Math.Min(Total, (long)(clock.Elapsed.TotalSeconds * Rate));
            var backlog = sent - watch.DistinctDurable;
            peak = backlog > peak.Signals ? (backlog, clock.Elapsed) : peak;
            await every.WaitForNextTickAsync(CancellationToken.None);
        }

        return peak;
    }
}
