using Fraud.Orleans.Cli.Bench;

namespace Fraud.Orleans.Tests.Cli;

public sealed class BenchRunAggregateTests
{
    [Fact]
    public void Median_is_the_middle_value_or_the_mean_of_the_middle_two_and_skips_what_was_not_measured()
    {
        Assert.Equal(3, RunAggregate.Median([5, 1, 3]));
        Assert.Equal(2.5, RunAggregate.Median([4, 1, 3, 2]));
        Assert.Equal(2, RunAggregate.Median([double.NaN, 1, 3]));
        Assert.True(double.IsNaN(RunAggregate.Median([double.NaN])));
    }

    [Fact]
    public void Figures_are_medians_but_losses_and_duplicates_are_the_worst_run()
    {
        PhaseResult[] runs =
        [
            Result(durableP99: 100, cpu: 50, lost: 0, duplicates: 0, lagGrowing: false, signals: 1000),
            Result(durableP99: 900, cpu: 70, lost: 3, duplicates: 0, lagGrowing: true, signals: 997),
            Result(durableP99: 120, cpu: 60, lost: 0, duplicates: 2, lagGrowing: false, signals: 1000),
        ];

        var aggregate = RunAggregate.Of(runs);

        Assert.Equal(120, aggregate.DurableP99Ms); // the one disturbed run does not move the median
        Assert.Equal(60, aggregate.WorkerCpuUsPerEvent);
        Assert.Equal(3, aggregate.Lost);           // never hidden behind a median of 0
        Assert.Equal(2, aggregate.Duplicates);
        Assert.Equal(997, aggregate.Signals);      // agrees with the worst loss
        Assert.True(aggregate.LagGrowing);
        Assert.Equal(1000, aggregate.Sent);
        Assert.Equal([90, 90, 90], aggregate.Lag); // element-wise largest
        Assert.Null(aggregate.Replayed);
    }

    [Fact]
    public void One_run_is_reported_as_it_is()
    {
        var run = Result(durableP99: 100, cpu: 50, lost: 0, duplicates: 0, lagGrowing: false, signals: 1000);

        Assert.Same(run, RunAggregate.Of([run]));
    }

    [Fact]
    public void Spread_is_the_smallest_and_largest_measured_value()
    {
        Assert.Equal((1, 9), RunAggregate.Spread([5, double.NaN, 9, 1]));
    }

    internal static PhaseResult Result(double durableP99, double cpu, long lost, long duplicates, bool lagGrowing, long signals, int rate = 1000) => new()
    {
        System = "silo",
        RateTarget = rate,
        RateAchieved = rate,
        Sent = 1000,
        Signals = signals,
        Lost = lost,
        Duplicates = duplicates,
        DecisionP50Ms = 1,
        DecisionP99Ms = 2,
        DecisionP999Ms = 3,
        DecisionMaxMs = 4,
        DurableP50Ms = 10,
        DurableP99Ms = durableP99,
        DurableP999Ms = durableP99 + 1,
        DurableMaxMs = durableP99 + 2,
        WorkerCpuUsPerEvent = cpu,
        PeakRssMb = 200,
        All = new PhaseResult.WholeRun(1, 2, 3, 10, durableP99, durableP99, durableP99, cpu),
        SteadyWindowSeconds = [5, 15],
        BenchCpuUsPerEvent = 100,
        DynamoDbCpuUsPerEvent = 300,
        Cores = [0.5, 0.2, 0.3],
        Lag = [(long)durableP99 / 10, (long)durableP99 / 10, (long)durableP99 / 10],
        LagGrowing = lagGrowing,
        ReadBackSample = 1000,
        ReadBackMissing = 0,
    };
}
