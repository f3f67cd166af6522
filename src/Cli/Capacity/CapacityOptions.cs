namespace Fraud.Orleans.Cli.Capacity;

/// <summary>What <c>fraud capacity</c> was asked for, checked together.</summary>
public sealed record CapacityOptions
{
    public static readonly IReadOnlyList<CliOption> Options =
    [
        new("rate", "Peak transactions per second to size for (required, 1 to 10,000,000)"),
        new("constants", $"The measured constants (default {CapacityConstants.DefaultPath}, which fraud bench refreshes)"),
    ];

    public const int MaxRate = 10_000_000;

    public required int Rate { get; init; }

    public required string ConstantsPath { get; init; }

    public static CapacityOptions? Parse(CommandLine args, out IReadOnlyList<string> errors)
    {
        var rate = args.Int("rate", 0, 1, MaxRate);
        var problems = args.Errors.ToList();
        if (!args.Has("rate"))
        {
            problems.Add("--rate is required (transactions per second)");
        }

        var path = args.String("constants") ?? CapacityConstants.DefaultPath;
        if (!File.Exists(path))
        {
            problems.Add($"--constants '{Path.GetFullPath(path)}' does not exist (run from the repository root, or give the file)");
        }

        errors = problems;
        return problems.Count > 0 ? null : new CapacityOptions { Rate = rate, ConstantsPath = path };
    }
}
