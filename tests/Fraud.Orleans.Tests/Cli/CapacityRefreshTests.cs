using Fraud.Orleans.Cli.Capacity;
using Fraud.Orleans.Tests.Support;

namespace Fraud.Orleans.Tests.Cli;

/// <summary>What a bench run writes into the capacity constants: its figures with its command and date, everything else as it was.</summary>
public sealed class CapacityRefreshTests
{
    [Fact]
    public void A_refresh_rewrites_the_measured_constants_with_their_command_and_keeps_the_others()
    {
        using var folder = new TempFolder("capacity-");
        var path = Path.Combine(folder.Path, "capacity.json");
        File.Copy(Path.Combine(RepositoryPaths.Root, CapacityConstants.DefaultPath), path);
        var before = CapacityConstants.Load(path);

        var refreshed = CapacityRefresh.Write(path, new Dictionary<string, (double, string, string?)>
        {
            ["review_items_per_transaction"] = (0.0033, "items per transaction", "small, and kept as measured"),
            ["silo_cpu_us_per_event"] = (123.45, "µs CPU per transaction", null),
        }, "./fraud bench --rate 1", new DateTimeOffset(2027, 1, 2, 3, 4, 5, TimeSpan.Zero));

        var after = CapacityConstants.Load(path);
        Assert.Equal(["review_items_per_transaction", "silo_cpu_us_per_event"], refreshed.Order());
        Assert.Equal(0.0033, after.Value("review_items_per_transaction"));
        Assert.Equal(new CapacityConstant(123.45, "µs CPU per transaction", "./fraud bench --rate 1", "2027-01-02"), after["silo_cpu_us_per_event"]);
        Assert.All(before.All.Where(c => !refreshed.Contains(c.Key)), c => Assert.Equal(c.Value, after[c.Key]));
        Assert.Contains("µs", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CapacityRefresh.MinRateForCpu - 1, false, 0, 100, false)]
    [InlineData(CapacityRefresh.MinRateForCpu, false, 0, 100, true)]
    [InlineData(CapacityRefresh.MinRateForCpu, true, 0, 100, false)]
    [InlineData(CapacityRefresh.MinRateForCpu, false, 3, 100, false)]
    [InlineData(CapacityRefresh.MinRateForCpu, false, 0, 10_000, false)]
    public void Only_a_run_at_MinRateForCpu_or_more_that_kept_up_measures_the_CPU_per_event(int rate, bool lagGrowing, long lost, double decisionP99Ms, bool measuresCpu)
    {
        var run = BenchRunAggregateTests.Result(durableP99: 50, cpu: 105.2, lost: lost, duplicates: 0, lagGrowing: lagGrowing, signals: 1000, rate: rate) with { DecisionP99Ms = decisionP99Ms };

        var measured = CapacityRefresh.Measured(run);

        Assert.Equal(measuresCpu, measured.ContainsKey("silo_cpu_us_per_event"));
        Assert.Contains("state_bytes_per_event", measured.Keys);
    }
}
