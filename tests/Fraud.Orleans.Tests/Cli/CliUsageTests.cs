using System.Diagnostics;
using Fraud.Orleans.Tests.Support;

namespace Fraud.Orleans.Tests.Cli;

/// <summary>The <c>fraud</c> binary as a user meets it: help on every command, clear usage errors with exit code 2.</summary>
public sealed class CliUsageTests
{
    [Theory]
    [InlineData("demo", "--rate")]
    [InlineData("replay", "--label-delay-days")]
    [InlineData("evaluate", "--known-from")]
    [InlineData("bench", "--ramp-window")]
    [InlineData("silo", "--Section:Key")]
    [InlineData("capacity", "--constants")]
    public async Task Every_command_has_help(string command, string mentioned)
    {
        var (exit, output) = await RunAsync(command, "--help");

        Assert.Equal(0, exit);
        Assert.Contains(mentioned, output, StringComparison.Ordinal);
        Assert.DoesNotContain("--worker", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Top_level_help_lists_the_commands()
    {
        var (exit, output) = await RunAsync("--help");

        Assert.Equal(0, exit);
        foreach (var command in new[] { "demo", "replay", "evaluate", "bench", "capacity", "silo" })
        {
            Assert.Contains(command, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_value_that_is_not_a_number_is_a_usage_error()
    {
        var (exit, output) = await RunAsync("demo", "--rate", "abc");

        Assert.Equal(2, exit);
        Assert.Contains("--rate must be a number from 1 to 100000 (got 'abc')", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_typo_is_a_usage_error_that_suggests_the_option()
    {
        var (exit, output) = await RunAsync("demo", "--rat", "5");

        Assert.Equal(2, exit);
        Assert.Contains("'--rat'", output, StringComparison.Ordinal);
        Assert.Contains("--rate", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_value_and_an_unknown_command_are_usage_errors()
    {
        Assert.Equal(2, (await RunAsync("demo", "--rate")).Exit);
        Assert.Equal(2, (await RunAsync("dmeo")).Exit);
        Assert.Equal(2, (await RunAsync()).Exit);
    }

    [Fact]
    public async Task Capacity_prints_the_model_for_a_rate_and_refuses_a_bad_one()
    {
        var (exit, output) = await RunAsync("capacity", "--rate", "100000");
        Assert.Equal(0, exit);
        Assert.Contains("Capacity for 100,000 tx/s", output, StringComparison.Ordinal);
        Assert.Contains("partitions", output, StringComparison.Ordinal);
        Assert.Contains("per million transactions", output, StringComparison.Ordinal);

        Assert.Equal(2, (await RunAsync("capacity")).Exit);
        var (badExit, badOutput) = await RunAsync("capacity", "--rate", "0");
        Assert.Equal(2, badExit);
        Assert.Contains("--rate must be a number from 1", badOutput, StringComparison.Ordinal);
        Assert.Equal(2, (await RunAsync("capacity", "--rate", "8000", "--constants", "no-such.json")).Exit);
        Assert.Equal(2, (await RunAsync("capacity", "--rate", "8000", "--set", "idle_timeout=60")).Exit);
        var (whatIf, whatIfOutput) = await RunAsync("capacity", "--rate", "8000", "--set", "idle_timeout_s=60");
        Assert.Equal(0, whatIf);
        Assert.Contains("idle_timeout_s = 60 s  [--set on the command line", whatIfOutput, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "fraud.dll");
        var start = new ProcessStartInfo("dotnet", [cli, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryPaths.Root };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
