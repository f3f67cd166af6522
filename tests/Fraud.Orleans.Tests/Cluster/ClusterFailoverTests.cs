using System.Diagnostics;
using Amazon.DynamoDBv2;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Simulator;
using Fraud.Orleans.Tests.Integration;
using Fraud.Orleans.Tests.Support;
using Orleans.Runtime;
using Xunit.Abstractions;

namespace Fraud.Orleans.Tests.Cluster;

/// <summary>Three silos in one consumer group, one killed abruptly mid-stream and replaced.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterFailoverTests(InfrastructureFixture fixture, ITestOutputHelper output)
{
    private const int Partitions = 12;
    private const int Total = 200_000;
    // Four silos, the broker and DynamoDB Local share the test's two cores; at 4,000 tx/s on the slower build
    // machines the replay after the kill starved them for seconds, heartbeats lapsed and the group split.
    private const int Rate = 2_000;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(4);

    /// <summary>
    /// A card's live score asked on a silo that does not own the card, as its API's GET /v1/cards/{id} asks (a grain
    /// call from that silo, which Orleans routes to the owner's live grain; the HTTP path itself is ScoreApiTests'):
    /// a few hundred calls, each checked against the input, timed end to end.
    /// </summary>
    private async Task<List<string>> CheckLiveScoresThroughAnySiloAsync(FraudCluster cluster, List<Transaction> input)
    {
        var via = cluster.Silos[0];
        var owned = via.Owned.ToHashSet();
        var expected = input.GroupBy(t => t.CardId).ToDictionary(g => g.Key, g => (Count: (long)g.Count(), Sum: g.Sum(t => t.AmountMinor)));
        var remote = expected.Keys.Where(c => !owned.Contains(CardPartitioner.PartitionOf(c, Partitions))).Take(400).ToList();
        var latencies = new List<double>();
        var unavailable = 0;
        var wrong = new List<string>();
        foreach (var card in remote)
        {
            CardLiveScore? live = null;
            await Eventually.WaitUntilAsync(
                async () =>
                {
                    var clock = Stopwatch.StartNew();
                    try
                    {
                        live = await via.Grains.GetGrain<ICardGrain>(card).GetLiveScoreAsync();
                    }
                    catch (Exception ex) when (ex is SiloUnavailableException or TimeoutException or OrleansMessageRejectionException)
                    {
                        unavailable++; // what the API answers with 503 while a hand-over settles: callers retry
                        return false;
                    }

                    latencies.Add(clock.Elapsed.TotalMilliseconds);
                    Assert.True(live.HostedBy != via.SiloAddress, $"{card} was answered by {live.HostedBy}, the silo asked, which does not own it");
                    return true;
                },
                TimeSpan.FromSeconds(30),
                () => $"live score of {card} through {via}");
            if (live!.TransactionsCounted != expected[card].Count || live.TotalAmountMinor != expected[card].Sum)
            {
                wrong.Add($"{card} (partition {CardPartitioner.PartitionOf(card, Partitions)}, answered by {live.HostedBy}): {live.TransactionsCounted} transactions / {live.TotalAmountMinor} minor, expected {expected[card].Count} / {expected[card].Sum}");
            }
        }

        latencies.Sort();
        foreach (var line in wrong)
        {
            output.WriteLine($"live score wrong: {line}");
        }

        output.WriteLine($"live score through a forwarding silo ({via.Id}), {latencies.Count} calls: p50 {latencies[latencies.Count / 2]:0.0} ms, p99 {latencies[(int)(latencies.Count * 0.99)]:0.0} ms, max {latencies[^1]:0.0} ms; {unavailable} retried while unavailable; {wrong.Count} wrong");
        return wrong;
    }

    // On librdkafka 2.0.2 this test found a rebalance storm: a commit refused for a stale generation lost the whole
    // assignment. 2.16 only reports the refusal, and the gateway commits without waiting for a steady group.
    [Fact]
    public async Task A_silo_killed_mid_stream_loses_nothing_counts_nothing_twice_and_no_card_lives_on_two_silos()
    {
        // 6,000 simulated customers so that the first 200,000 transactions reach at least 5,000 cards.
        var input = TransactionSimulator.Generate(new SimulatorOptions { Customers = 6000, Seed = 11 }).Take(Total).Select(s => s.Transaction).ToList();
        Assert.True(input.Select(t => t.CardId).Distinct().Count() >= 5000);
        var names = fixture.NewNames(Partitions);
        var bootstrap = fixture.Infrastructure.Kafka.BootstrapServers;
        var watch = new SignalWatch(Partitions);
        var cluster = new FraudCluster(bootstrap, fixture.Infrastructure.DynamoDb.ServiceUrl, names, Partitions);
        cluster.AddSignalObserver(watch.For);
        try
        {
            var silos = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => cluster.StartSiloAsync()));
            await cluster.WaitForBalancedAsync(Deadline);
            output.WriteLine($"balanced: {string.Join(" ", cluster.Silos)}");

            Task<FraudClusterSilo>? failover = null;
            var clock = Stopwatch.StartNew();
            var killAt = TimeSpan.FromSeconds((double)(Total * 2 / 5) / Rate);
            await PacedStream.RunAsync(bootstrap, names.Topic, input, Rate,
            [
                (killAt, () =>
                {
                    var victim = silos[1];
                    watch.Killed(victim.Id, victim.Owned);
                    output.WriteLine($"killing {victim} at {clock.Elapsed.TotalSeconds:0.0} s");
                    failover = Task.Run(async () =>
                    {
                        await cluster.KillSiloAsync(victim);
                        return await cluster.StartSiloAsync();
                    });
                    return Task.CompletedTask;
                }),
            ], Deadline);
            output.WriteLine($"produced {Total:N0} in {clock.Elapsed.TotalSeconds:0.0} s");

            var replacement = await failover!;

            await SettledCluster.AwaitAsync(bootstrap, names, Partitions, input, watch, Deadline);
            output.WriteLine($"failover: kill -> first decision of a moved card {watch.FailoverToDecision?.TotalMilliseconds:N0} ms, -> first durable signal {watch.FailoverToDurable?.TotalMilliseconds:N0} ms");
            output.WriteLine($"after failover: {string.Join(" ", cluster.Silos.Select(s => $"{s} consumed {s.Metrics.Consumed} committed {s.Metrics.CommittedRecords}"))}");
            Assert.NotNull(watch.FailoverToDurable);
            Assert.Contains(replacement, cluster.Silos);

            var wrongLiveScores = await CheckLiveScoresThroughAnySiloAsync(cluster, input);

            await SettledCluster.AssertStoredAfterStopAsync(cluster, fixture, names, input, output);

            // Checked after the durable totals, so that a wrong live score says whether DynamoDB was right.
            Assert.True(wrongLiveScores.Count == 0, $"{wrongLiveScores.Count} live scores wrong, e.g. {string.Join("; ", wrongLiveScores.Take(3))}");
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }
}
