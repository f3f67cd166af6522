using System.Diagnostics;
using Fraud.Orleans.Simulator;
using Fraud.Orleans.Tests.Integration;
using Xunit.Abstractions;

namespace Fraud.Orleans.Tests.Cluster;

/// <summary>One silo scaled out to three and back to one, gracefully, while transactions keep arriving.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterScaleOutTests(InfrastructureFixture fixture, ITestOutputHelper output)
{
    private const int Partitions = 12;
    private const int Rate = 2_000;
    private const int Total = 100_000; // 50 s at the rate: out to three at 12.5 s, back to one at 37.5 s
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(4);

    /// <summary>
    /// Each hand-over revokes partitions from a silo that has decided records it has not committed: it must
    /// checkpoint its cards and commit before it lets go (or the next owner replays those records into states that
    /// already hold them: doubled totals), and the next owner must load the states written (or its cards restart
    /// from nothing: lost totals). Both show in the stored card totals and the signals of every transaction.
    /// </summary>
    [Fact]
    public async Task Scaling_from_one_silo_to_three_and_back_while_producing_loses_nothing_and_counts_nothing_twice()
    {
        var input = TransactionSimulator.Generate(new SimulatorOptions { Customers = 4000, Seed = 23 }).Take(Total).Select(s => s.Transaction).ToList();
        var names = fixture.NewNames(Partitions);
        var bootstrap = fixture.Infrastructure.Kafka.BootstrapServers;
        var watch = new SignalWatch(Partitions);
        var cluster = new FraudCluster(bootstrap, fixture.Infrastructure.DynamoDb.ServiceUrl, names, Partitions);
        cluster.AddSignalObserver(watch.For);
        try
        {
            var first = await cluster.StartSiloAsync();
            await cluster.WaitForBalancedAsync(Deadline);
            var silosAtPeak = 0;
            Task scaleOut = Task.CompletedTask, scaleIn = Task.CompletedTask;
            var stream = TimeSpan.FromSeconds((double)Total / Rate);

            await PacedStream.RunAsync(bootstrap, names.Topic, input, Rate,
            [
                (stream / 4, () =>
                {
                    scaleOut = Task.Run(async () =>
                    {
                        var clock = Stopwatch.StartNew();
                        await cluster.StartSiloAsync();
                        await cluster.StartSiloAsync();
                        await cluster.WaitForBalancedAsync(Deadline);
                        silosAtPeak = cluster.Silos.Count;
                        output.WriteLine($"1 -> 3 silos: balanced {clock.Elapsed.TotalSeconds:0.0} s after the first start: {string.Join(" ", cluster.Silos)}");
                    });
                    return Task.CompletedTask;
                }),
                (stream * 3 / 4, async () =>
                {
                    await scaleOut; // a failed scale-out fails here
                    scaleIn = Task.Run(async () =>
                    {
                        var clock = Stopwatch.StartNew();
                        foreach (var silo in cluster.Silos.Where(s => s != first).ToList())
                        {
                            await cluster.StopSiloAsync(silo);
                        }

                        await cluster.WaitForBalancedAsync(Deadline);
                        output.WriteLine($"3 -> 1 silos: {first} owns every partition {clock.Elapsed.TotalSeconds:0.0} s after the first stop");
                    });
                }),
            ], Deadline);

            await scaleIn.WaitAsync(Deadline);
            Assert.Equal(3, silosAtPeak); // balanced: each of the three owned partitions
            Assert.Equal([first], cluster.Silos);

            await SettledCluster.AwaitAsync(bootstrap, names, Partitions, input, watch, Deadline);
            await SettledCluster.AssertStoredAfterStopAsync(cluster, fixture, names, input, output);
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }
}
