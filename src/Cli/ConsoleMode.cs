using Spectre.Console;

namespace Fraud.Orleans.Cli;

/// <summary>Whether output goes to a person at a terminal (live tables, progress bars) or to a log or CI (plain lines).</summary>
public static class ConsoleMode
{
    public static bool Interactive { get; } =
        !Console.IsOutputRedirected
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))
        && AnsiConsole.Profile.Capabilities.Interactive;
}
