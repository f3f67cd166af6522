using Fraud.Orleans.Cli.Bench;
using Fraud.Orleans.Embedded;

namespace Fraud.Orleans.Tests.Cli;

/// <summary>The bench's fault window: on and off by the load's clock, and the drain of the backlog measured from off.</summary>
public sealed class DynamoDbFaultScheduleTests
{
    [Fact]
    public async Task Faults_go_on_after_their_delay_off_after_their_duration_and_the_backlog_is_timed_from_off()
    {
        var plan = DynamoDbFaultPlan.Parse("throttle=0.2,after=10s,for=30s", out _)!;
        await using var proxy = DynamoDbFaultProxy.Start(new Uri("http://127.0.0.1:9/"));
        var schedule = new DynamoDbFaultSchedule(plan, proxy);

        Assert.Null(schedule.Update(9.9, 19_800, 19_700));
        Assert.Equal(DynamoDbFaults.None, proxy.Faults);
        Assert.NotNull(schedule.Update(10.0, 20_000, 19_900));
        Assert.Equal(0.2, proxy.Faults.Throttle);
        Assert.Null(schedule.Update(39.9, 79_800, 75_000));
        Assert.NotNull(schedule.Update(40.1, 80_200, 76_000));
        Assert.Equal(DynamoDbFaults.None, proxy.Faults);
        Assert.Equal(4_200, schedule.BacklogAtOff);

        Assert.Null(schedule.Update(41.0, 82_000, 80_100)); // newer signals do not count: the ones sent before off
        Assert.NotNull(schedule.Update(42.6, 85_200, 80_200));
        var run = DynamoDbFaultRun.Of(schedule, proxy.Counts, committedAtSeconds: 70.1);
        Assert.Equal((10.0, 40.1, 2.5, 30.0), (run.OnSeconds, run.OffSeconds, run.BacklogDurableAfterOffSeconds, run.CommittedAfterOffSeconds));
    }
}
