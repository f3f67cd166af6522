namespace Fraud.Orleans.Cli.Capacity;

/// <summary>What <c>fraud capacity</c> was asked for, checked together.</summary>
public sealed record CapacityOptions
{
    public static readonly IReadOnlyList<CliOption> Options =
    [
        new("rate", "Peak transactions per second to size for (required, 1 to 10,000,000)"),
        new("constants", $"The measured constants (default {CapacityConstants.DefaultPath}, which fraud bench refreshes)"),
        new("set", "What-ifs: constants to override, e.g. idle_timeout_s=60,checkpoint_interval_s=10"),
    ];

    public const int MaxRate = 10_000_000;

    public required int Rate { get; init; }

    public required string ConstantsPath { get; init; }

    public IReadOnlyDictionary<string, double> Overrides { get; init; } = new Dictionary<string, double>();

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

        var overrides = ParseOverrides(args.String("set"), problems);
        errors = problems;
        return problems.Count > 0 ? null : new CapacityOptions { Rate = rate, ConstantsPath = path, Overrides = overrides };
    }

    private static Dictionary<string, double> ParseOverrides(string? text, List<string> problems)
    {
        var overrides = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var pair in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=', 2);
            if (parts.Length == 2 && CapacityConstants.Required.Contains(parts[0])
                && double.TryParse(parts[1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
                && double.IsFinite(value) && value >= 0)
            {
                overrides[parts[0]] = value;
            }
            else
            {
                problems.Add($"--set: '{pair}' is not name=value with a known constant and a non-negative number (constants: {string.Join(", ", CapacityConstants.Required)})");
            }
        }

        return overrides;
    }
}
