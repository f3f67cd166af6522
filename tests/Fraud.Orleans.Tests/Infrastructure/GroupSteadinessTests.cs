using System.Diagnostics;
using Confluent.Kafka;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Tests.Integration;
using Fraud.Orleans.Tests.Support;

namespace Fraud.Orleans.Tests.Infrastructure;

public sealed class GroupSteadinessTests
{
    private static long NowMicroseconds => (long)(Stopwatch.GetTimestamp() / (Stopwatch.Frequency / 1_000_000.0));

    private static string Report(long takenMicroseconds, string joinState, int rebalances = 3) =>
        $$$"""{"name":"c#consumer-1","ts":{{{takenMicroseconds}}},"time":1,"brokers":{},"cgrp":{"state":"up","stateage":10,"join_state":"{{{joinState}}}","rebalance_age":5,"rebalance_cnt":{{{rebalances}}},"assignment_size":4}}""";

    [Fact]
    public void A_fresh_steady_report_allows_commits_and_reports_the_rebalance_count()
    {
        var steadiness = new GroupSteadiness();
        steadiness.OnStatistics(Report(NowMicroseconds, "steady", rebalances: 7));
        Assert.True(steadiness.IsSteadyWithin(TimeSpan.FromSeconds(5)));
        Assert.Equal(7, steadiness.Rebalances);
    }

    [Theory]
    [InlineData("wait-join")]
    [InlineData("wait-sync")]
    [InlineData("wait-assign-call")]
    [InlineData("init")]
    public void A_report_taken_during_a_rebalance_holds_commits(string joinState)
    {
        var steadiness = new GroupSteadiness();
        steadiness.OnStatistics(Report(NowMicroseconds, "steady"));
        steadiness.OnStatistics(Report(NowMicroseconds, joinState));
        Assert.False(steadiness.IsSteadyWithin(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void A_report_stamped_by_another_clock_counts_from_its_arrival()
    {
        var steadiness = new GroupSteadiness();
        steadiness.OnStatistics(Report(NowMicroseconds + 86_400_000_000, "steady"));
        Assert.True(steadiness.IsSteadyWithin(TimeSpan.FromSeconds(5)));
        // Two hours behind our clock (negative when the machine has been up for less): not a clock we can compare.
        // A fixed small stamp would depend on the uptime, reading as a real half-hour-old report on a fresh machine.
        steadiness.OnStatistics(Report(NowMicroseconds - 7_200_000_000, "steady"));
        Assert.True(steadiness.IsSteadyWithin(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void A_stale_steady_report_holds_commits_and_no_report_at_all_does_too()
    {
        var steadiness = new GroupSteadiness();
        Assert.False(steadiness.IsSteadyWithin(TimeSpan.FromSeconds(5)));
        steadiness.OnStatistics(Report(NowMicroseconds - 2_000_000, "steady"));
        Assert.False(steadiness.IsSteadyWithin(TimeSpan.FromSeconds(1)));
        Assert.True(steadiness.IsSteadyWithin(TimeSpan.FromSeconds(5)));
    }
}

/// <summary>librdkafka's own statistics, from consumers in a group on the mock cluster, read as the gateway reads them.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class GroupSteadinessOnTheBrokerTests(InfrastructureFixture fixture)
{
    [Fact]
    public async Task Librdkafka_reports_a_steady_group_and_counts_the_rebalance_a_second_member_causes()
    {
        var names = fixture.NewNames(partitions: 4);
        var options = new KafkaIngestOptions { Topic = names.Topic, GroupId = names.Group, SessionTimeoutMs = 6000, GroupStatisticsIntervalMs = 50 };
        var bootstrap = fixture.Infrastructure.Kafka.BootstrapServers;
        using var stop = new CancellationTokenSource();
        var first = new GroupSteadiness();
        var firstLoop = PollAsync(bootstrap, options, first, stop.Token);
        try
        {
            await Eventually.WaitUntilAsync(() => first.IsSteadyWithin(TimeSpan.FromSeconds(1)), TimeSpan.FromSeconds(30), () => "first member steady");

            // librdkafka stamps its reports with the monotonic clock the gateway reads: their age is real.
            Assert.InRange(first.LastReportAge, TimeSpan.Zero, TimeSpan.FromSeconds(5));
            var before = first.Rebalances;

            var second = new GroupSteadiness();
            var secondLoop = PollAsync(bootstrap, options, second, stop.Token);
            await Eventually.WaitUntilAsync(
                () => first.Rebalances > before && first.IsSteadyWithin(TimeSpan.FromSeconds(1)) && second.IsSteadyWithin(TimeSpan.FromSeconds(1)),
                TimeSpan.FromSeconds(30),
                () => $"both steady after a rebalance (first counted {first.Rebalances}, {before} before)");
            await stop.CancelAsync();
            await secondLoop;
        }
        finally
        {
            await stop.CancelAsync();
            await firstLoop;
        }
    }

    private static Task PollAsync(string bootstrap, KafkaIngestOptions options, GroupSteadiness steadiness, CancellationToken stop) =>
        Task.Factory.StartNew(
            () =>
            {
                using var consumer = new ConsumerBuilder<byte[], byte[]>(KafkaClientConfig.Consumer(bootstrap, options))
                    .SetStatisticsHandler((_, json) => steadiness.OnStatistics(json))
                    .Build();
                consumer.Subscribe(options.Topic);
                while (!stop.IsCancellationRequested)
                {
                    consumer.Consume(TimeSpan.FromMilliseconds(20));
                }

                consumer.Close();
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
}
