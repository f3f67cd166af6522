using System.Diagnostics;

namespace Fraud.Orleans.Tests.Support;

/// <summary>Debian's Python (the one that sees python3-sklearn, pandas, xgboost), run to completion for a test.</summary>
public static class Python
{
    /// <summary>Runs <c>/usr/bin/python3</c> with <paramref name="args"/>; fails the test on a time-out or a non-zero exit; returns stdout.</summary>
    public static string Run(TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var python = Process.Start(start)!;
        // Both streams at once: a child blocked on a full stderr pipe would never exit.
        var stderr = python.StandardError.ReadToEndAsync();
        var stdout = python.StandardOutput.ReadToEndAsync();
        if (!python.WaitForExit(timeout))
        {
            python.Kill(entireProcessTree: true);
            throw new TimeoutException($"/usr/bin/python3 {string.Join(' ', args.Take(1))} did not finish within {timeout.TotalMinutes:0.#} minutes.");
        }

        Assert.True(python.ExitCode == 0, $"/usr/bin/python3 failed ({python.ExitCode}): {stdout.Result}{stderr.Result}");
        return stdout.Result;
    }
}
