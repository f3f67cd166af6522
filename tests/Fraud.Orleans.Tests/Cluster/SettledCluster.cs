using System.Diagnostics;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Tests.Integration;
using Fraud.Orleans.Tests.Support;
using Xunit.Abstractions;

namespace Fraud.Orleans.Tests.Cluster;

/// <summary>The end of every fault test's stream, in two halves so that a test can ask the live cluster in between.</summary>
public static class SettledCluster
{
    /// <summary>
    /// Nothing committed ahead of DynamoDB (read before the durable set it is checked against, which only grows),
    /// then every signal durable and every partition committed to its end: every record has been through its
    /// card's grain, including records a new owner replayed after a hand-over.
    /// </summary>
    public static async Task AwaitAsync(string bootstrap, TestNames names, int partitions, IReadOnlyList<Transaction> input, SignalWatch watch, TimeSpan deadline)
    {
        ClusterChecks.AssertCommittedOnlyWhatIsDurable(ClusterChecks.Committed(bootstrap, names, partitions), input, partitions, watch);
        await Eventually.WaitUntilAsync(() => watch.DistinctDurable == input.Count, deadline, () => $"{watch.DistinctDurable:N0} of {input.Count:N0} signals durable");
        IReadOnlyList<string> behind = [];
        await Eventually.WaitUntilAsync(() => (behind = ClusterChecks.PartitionsBehind(bootstrap, names, partitions)).Count == 0, deadline,
            () => $"every partition committed to its end: {string.Join("; ", behind)}");
    }

    /// <summary>
    /// Stops every silo, then reads DynamoDB: a signal for every transaction and every card's totals (a record lost
    /// or counted twice across a hand-over shows there), and no card was ever active on two silos at once.
    /// </summary>
    public static async Task AssertStoredAfterStopAsync(FraudCluster cluster, InfrastructureFixture fixture, TestNames names, IReadOnlyCollection<Transaction> input, ITestOutputHelper output)
    {
        await cluster.StopAllAsync(TimeSpan.FromSeconds(30));
        using var client = fixture.Infrastructure.DynamoDb.CreateClient(c => c.Timeout = TimeSpan.FromMinutes(2));
        var scan = Stopwatch.StartNew();
        await ClusterChecks.AssertSignalOfEveryTransactionAsync(client, names.SignalTable, input);
        output.WriteLine($"signal rows of every transaction read in {scan.Elapsed.TotalSeconds:0.0} s");
        await ClusterChecks.AssertCardTotalsAsync(client, names.StateTable, input);
        var overlaps = cluster.Placement.Overlaps();
        if (overlaps.Count > 0)
        {
            output.WriteLine(cluster.Placement.OwnershipHistory);
        }

        Assert.True(overlaps.Count == 0, $"{overlaps.Count} overlapping activations, e.g. {string.Join("; ", overlaps.Take(3))}");
        output.WriteLine($"{cluster.Placement.ActivationCount:N0} activations recorded, no card on two silos at once");
    }
}
