using Fraud.Orleans.Cli;
using Fraud.Orleans.Cli.Bench;

namespace Fraud.Orleans.Tests.Cli;

public sealed class BenchOptionsTests
{
    [Fact]
    public void Without_the_new_options_a_bench_is_one_run_of_one_silo_at_a_fixed_rate()
    {
        var options = Parse("--rate", "500", "--duration", "12");

        Assert.NotNull(options);
        Assert.Equal((1, 1, false), (options.Runs, options.Silos, options.Ramp));
        Assert.Equal(12, options.DurationSeconds);
        Assert.Equal(4, options.WarmupSeconds);
    }

    [Fact]
    public void A_ramp_step_is_the_warm_up_then_a_thirty_second_window_by_default()
    {
        var options = Parse("--ramp", "--rate", "500");

        Assert.NotNull(options);
        Assert.True(options.Ramp);
        Assert.Equal(30, options.RampWindowSeconds);
        Assert.Equal(10 + 30, options.DurationSeconds);
        Assert.Equal(BenchOptions.MaxRate, options.RampMaxRate); // 20 M transactions a step would allow 500,000 tx/s
    }

    [Fact]
    public void Every_misuse_is_reported_at_once()
    {
        var options = Parse(out var errors, "--ramp", "--duration", "20", "--runs", "3", "--silos", "9");

        Assert.Null(options);
        Assert.Contains(errors, e => e.Contains("--duration does not apply", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("--runs does not apply", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("--silos must be", StringComparison.Ordinal));
    }

    [Fact]
    public void Ramp_settings_need_the_ramp()
    {
        var options = Parse(out var errors, "--ramp-window", "5", "--ramp-steps", "3");

        Assert.Null(options);
        Assert.Equal(["--ramp-window needs --ramp", "--ramp-steps needs --ramp"], errors);
    }

    private static BenchOptions? Parse(params string[] args) => Parse(out _, args);

    private static BenchOptions? Parse(out IReadOnlyList<string> errors, params string[] args) =>
        BenchOptions.Parse(CliCommands.Parse("bench", args), out errors);
}
