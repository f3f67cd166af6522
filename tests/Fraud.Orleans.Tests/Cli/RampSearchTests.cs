using Fraud.Orleans.Cli.Bench;

namespace Fraud.Orleans.Tests.Cli;

public sealed class RampSearchTests
{
    [Fact]
    public void Doubles_while_sustained_then_bisects_to_ten_percent()
    {
        // The system holds up to 1,700 tx/s.
        var (tried, highest) = Search(startRate: 500, maxRate: 100_000, maxSteps: 20, limit: 1700);

        Assert.Equal([500, 1000, 2000, 1500, 1750, 1625], tried);
        Assert.Equal(1625, highest); // 1,625..1,750 is within 10 % of 1,625
    }

    [Fact]
    public void Halves_when_even_the_start_rate_fails_then_bisects_upwards()
    {
        var (tried, highest) = Search(startRate: 4000, maxRate: 100_000, maxSteps: 20, limit: 700);

        Assert.Equal([4000, 2000, 1000, 500, 750, 625, 687], tried);
        Assert.Equal(687, highest);
    }

    [Fact]
    public void Stops_at_the_step_cap_with_the_best_so_far()
    {
        var (tried, highest) = Search(startRate: 500, maxRate: 100_000, maxSteps: 3, limit: 1_000_000);

        Assert.Equal([500, 1000, 2000], tried);
        Assert.Equal(2000, highest);
    }

    [Fact]
    public void Stops_at_the_ceiling_when_it_is_sustained()
    {
        var (tried, highest) = Search(startRate: 30_000, maxRate: 50_000, maxSteps: 20, limit: 1_000_000);

        Assert.Equal([30_000, 50_000], tried);
        Assert.Equal(50_000, highest);
    }

    [Fact]
    public void Ends_with_none_when_not_even_one_per_second_holds()
    {
        var (tried, highest) = Search(startRate: 4, maxRate: 100_000, maxSteps: 20, limit: 0);

        Assert.Equal([4, 2, 1], tried);
        Assert.Null(highest);
    }

    [Fact]
    public void A_failure_below_the_highest_success_does_not_bound_the_search()
    {
        var search = new RampSearch(1000, 100_000, 20);
        search.Record(1000, sustained: true);
        search.Record(2000, sustained: true);
        search.Record(1500, sustained: false); // a noisy failure below a success

        Assert.Equal(4000, search.Next());
    }

    [Fact]
    public void Steps_left_count_down_to_zero_when_the_search_is_done()
    {
        var search = new RampSearch(1000, 100_000, 5);
        Assert.Equal(5, search.MostStepsLeft);
        search.Record(1000, sustained: true);
        search.Record(2000, sustained: false);
        search.Record(1500, sustained: true);
        search.Record(1750, sustained: true);
        search.Record(1875, sustained: true);

        Assert.Null(search.Next());
        Assert.Equal(0, search.MostStepsLeft);
    }

    private static (List<int> Tried, int? Highest) Search(int startRate, int maxRate, int maxSteps, int limit)
    {
        var search = new RampSearch(startRate, maxRate, maxSteps);
        var tried = new List<int>();
        while (search.Next() is { } rate)
        {
            tried.Add(rate);
            search.Record(rate, rate <= limit);
        }

        return (tried, search.HighestSustained);
    }
}
