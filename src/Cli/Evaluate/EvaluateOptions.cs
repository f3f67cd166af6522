using System.Globalization;

namespace Fraud.Orleans.Cli.Evaluate;

/// <summary>What <c>fraud evaluate</c> was asked for, parsed and validated with every problem reported at once.</summary>
public sealed record EvaluateOptions
{
    public static readonly IReadOnlyList<CliOption> Options =
    [
        new("scores", "scores.csv written by fraud replay (required)"),
        new("labels", "The handbook file with TX_FRAUD labels (.csv or .csv.gz; required)"),
        new("from", "First day evaluated, yyyy-MM-dd (required)"),
        new("to", "Last day evaluated, yyyy-MM-dd (required)"),
        new("json", "Also write the metrics as JSON to this file"),
        new("known-from", "Cards known compromised from this day (yyyy-MM-dd) or 'all'; default --from - 14 days"),
        new("top-k", "k of card precision@k (default 100)"),
    ];

    public const string Usage = "see 'fraud evaluate --help'";

    /// <summary>
    /// Default first day whose frauds make a card known compromised, in days before <see cref="From"/>: the handbook's
    /// setup (a 7-day training window, then the 7-day label delay before the first evaluated day).
    /// </summary>
    public const int KnownFromDaysBefore = 14;

    /// <summary>The <c>--known-from</c> value that counts the frauds of the whole history.</summary>
    public const string WholeHistory = "all";

    public required string Scores { get; init; }

    public required string Labels { get; init; }

    public required DateOnly From { get; init; }

    public required DateOnly To { get; init; }

    public string? Json { get; init; }

    /// <summary>
    /// Only frauds dated on or after this make a card known compromised; <see cref="DateOnly.MinValue"/> counts the whole
    /// history; null means the default, <see cref="From"/> - <see cref="KnownFromDaysBefore"/> days.
    /// </summary>
    public DateOnly? KnownFrom { get; init; }

    /// <summary>The first day whose frauds count, after the default is applied.</summary>
    public DateOnly EffectiveKnownFrom => KnownFrom ?? From.AddDays(-KnownFromDaysBefore);

    public int TopK { get; init; } = CardPrecision.DefaultTopK;

    public static EvaluateOptions? Parse(CommandLine args, out IReadOnlyList<string> errors)
    {
        var topK = args.Int("top-k", CardPrecision.DefaultTopK, 1, 1_000_000);
        var problems = args.Errors.ToList();
        var scores = RequiredFile(args, "scores", problems);
        var labels = RequiredFile(args, "labels", problems);
        var from = Date(args, "from", required: true, problems);
        var to = Date(args, "to", required: true, problems);
        var knownFrom = args.String("known-from") == WholeHistory ? DateOnly.MinValue : Date(args, "known-from", required: false, problems);
        if (from > to)
        {
            problems.Add($"--from {from:yyyy-MM-dd} is after --to {to:yyyy-MM-dd}");
        }

        var json = args.String("json");
        if (json is not null && Path.GetDirectoryName(Path.GetFullPath(json)) is { } folder && !Directory.Exists(folder))
        {
            problems.Add($"--json: folder '{folder}' does not exist");
        }

        errors = problems;
        return problems.Count > 0 ? null : new EvaluateOptions
        {
            Scores = scores!,
            Labels = labels!,
            From = from!.Value,
            To = to!.Value,
            Json = json,
            KnownFrom = knownFrom,
            TopK = topK,
        };
    }

    private static string? RequiredFile(CommandLine args, string name, List<string> problems)
    {
        var path = args.String(name);
        if (path is null)
        {
            problems.Add($"--{name} is required");
        }
        else if (!File.Exists(path))
        {
            problems.Add($"--{name} '{Path.GetFullPath(path)}' does not exist");
        }

        return path;
    }

    private static DateOnly? Date(CommandLine args, string name, bool required, List<string> problems)
    {
        var text = args.String(name);
        if (text is null)
        {
            if (required)
            {
                problems.Add($"--{name} is required (yyyy-MM-dd)");
            }

            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        problems.Add($"--{name} must be a date yyyy-MM-dd (got '{text}')");
        return null;
    }
}
