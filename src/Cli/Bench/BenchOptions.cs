namespace Fraud.Orleans.Cli.Bench;

/// <summary>The settings of one <c>fraud bench</c> run, parsed and validated together.</summary>
public sealed record BenchOptions
{
    public static readonly IReadOnlySet<string> Names = new HashSet<string>
    {
        "rate", "duration", "warmup", "customers", "seed", "file", "out", "peer", "checkpoint-interval", "drain-timeout",
        "worker", "log", "capacity",
    };

    public int Rate { get; init; }

    public double DurationSeconds { get; init; }

    /// <summary>Transactions scheduled in the first seconds (card activations on a cold DynamoDB Local) count for loss, not for the steady figures.</summary>
    public double WarmupSeconds { get; init; }

    public int Customers { get; init; }

    public int Seed { get; init; }

    public string? File { get; init; }

    public string OutPath { get; init; } = "bench-results.json";

    public bool RunPeer { get; init; }

    /// <summary>The silo's <c>Silo:CheckpointInterval</c> in seconds for the bench (state checkpoints are DynamoDB Local load).</summary>
    public double CheckpointIntervalSeconds { get; init; }

    public double DrainTimeoutSeconds { get; init; }

    public int TransactionCount => (int)Math.Ceiling(Rate * DurationSeconds);

    /// <summary>Parses the options of a bench run; returns null and fills <paramref name="errors"/> when any is wrong.</summary>
    public static BenchOptions? Parse(CommandLine args, out IReadOnlyList<string> errors)
    {
        var duration = args.Double("duration", 60, 1, 3600);
        var options = new BenchOptions
        {
            Rate = args.Int("rate", 2000, 1, 100_000),
            DurationSeconds = duration,
            WarmupSeconds = args.Double("warmup", Math.Min(10, duration / 3), 0, 3600),
            Customers = args.Int("customers", 5000, 1, 1_000_000),
            Seed = args.Int("seed", 42, 0, int.MaxValue),
            File = args.String("file"),
            OutPath = args.String("out") ?? "bench-results.json",
            RunPeer = (args.String("peer") ?? "on") != "off",
            CheckpointIntervalSeconds = args.Double("checkpoint-interval", 5, 0.05, 300),
            DrainTimeoutSeconds = args.Double("drain-timeout", 60, 1, 3600),
        };
        var problems = args.Errors.ToList();
        if (args.String("peer") is { } peer && peer is not ("on" or "off"))
        {
            problems.Add($"--peer must be on or off (got '{peer}')");
        }

        if (options.WarmupSeconds >= options.DurationSeconds)
        {
            problems.Add($"--warmup ({options.WarmupSeconds:0.#} s) must be shorter than --duration ({options.DurationSeconds:0.#} s)");
        }

        if ((long)options.Rate * options.DurationSeconds > 20_000_000)
        {
            problems.Add("--rate × --duration must be at most 20,000,000 transactions (they are generated up front)");
        }

        errors = problems;
        return problems.Count == 0 ? options : null;
    }
}
