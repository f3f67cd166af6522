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

    [Fact]
    public void A_scale_plan_steps_evenly_through_the_run_and_starts_a_process_for_every_increase()
    {
        var options = Parse("--duration", "90", "--scale", "2,8,2");

        var plan = options!.Scale!;
        Assert.Equal([2, 8, 2], plan.Counts);
        Assert.Equal(30, plan.EverySeconds);
        Assert.Equal((30.0, 60.0), (plan.StepAt(1), plan.StepAt(2)));
        Assert.Equal(8, plan.ProcessesStarted);
        Assert.Equal(14, Parse("--duration", "90", "--scale", "2,8,2,8", "--scale-every", "20")!.Scale!.ProcessesStarted);
    }

    [Fact]
    public void A_scale_plan_that_cannot_run_says_why_with_every_problem()
    {
        var options = Parse(out var errors, "--duration", "60", "--scale", "2,x,13", "--silos", "3");

        Assert.Null(options);
        Assert.Contains(errors, e => e.StartsWith("--scale: 'x' is not a silo count", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("--scale: '13' is not a silo count", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("does not go with --silos", StringComparison.Ordinal));

        Assert.Null(Parse(out errors, "--scale-every", "10"));
        Assert.Equal(["--scale-every needs --scale"], errors);

        Assert.Null(Parse(out errors, "--duration", "60", "--scale", "2,8", "--scale-every", "60"));
        Assert.Equal(["--scale: the last step (60 s) must come inside --duration (60 s)"], errors);
    }

    [Fact]
    public void DynamoDB_faults_parse_into_shares_operations_and_a_window()
    {
        var options = Parse("--duration", "40", "--dynamodb-faults", "throttle=0.2,error=0.05,slow=0.1,delay=300ms,ops=BatchWriteItem+UpdateItem,after=5s,for=30");

        var plan = options!.DynamoDbFaults!;
        Assert.Equal((0.2, 0.05, 0.0, 0.1), (plan.Faults.Throttle, plan.Faults.Error, plan.Faults.Drop, plan.Faults.Slow));
        Assert.Equal(TimeSpan.FromMilliseconds(300), plan.Faults.SlowDelay);
        Assert.Equal(["BatchWriteItem", "UpdateItem"], plan.Faults.Operations!.Order());
        Assert.Equal((5.0, 35.0), (plan.AfterSeconds, plan.OffAtSeconds));
        Assert.Null(Parse("--duration", "40")!.DynamoDbFaults);
    }

    [Fact]
    public void Wrong_DynamoDB_faults_are_reported()
    {
        Assert.Null(Parse(out var errors, "--duration", "20", "--dynamodb-faults", "throttle=0.8,error=0.5,jitter=1"));
        Assert.Contains(errors, e => e.Contains("unknown 'jitter'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("together must be at most 1", StringComparison.Ordinal));

        Assert.Null(Parse(out errors, "--duration", "20", "--dynamodb-faults", "throttle=0.2,after=30s"));
        Assert.Contains(errors, e => e.Contains("after= inside --duration", StringComparison.Ordinal));
    }

    private static BenchOptions? Parse(params string[] args) => Parse(out _, args);

    private static BenchOptions? Parse(out IReadOnlyList<string> errors, params string[] args) =>
        BenchOptions.Parse(CliCommands.Parse("bench", args), out errors);
}
