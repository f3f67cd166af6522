using Fraud.Orleans.Ingest;

namespace Fraud.Orleans.Cli.Bench;

/// <summary>The settings of one <c>fraud bench</c> run, parsed and validated together.</summary>
public sealed record BenchOptions
{
    public static readonly IReadOnlyList<CliOption> Options =
    [
        new("rate", "Transactions per second, open loop (default 2000)"),
        new("duration", "Seconds of load per run (default 60)"),
        new("warmup", "First seconds counted for loss but not for the steady figures (default min(10, duration/3))"),
        new("customers", "Simulated cards (default 5000)"),
        new("seed", "Simulator seed (default 42)"),
        new("file", "A handbook CSV (.csv or .csv.gz) instead of the simulator"),
        new("out", "Results file (default bench-results.json)"),
        new("peer", "on|off: also run the Python peer (default on)"),
        new("checkpoint-interval", "The silo's checkpoint interval in seconds (default 30)"),
        new("drain-timeout", "Seconds to wait for the last signals after the load (default 60)"),
        new("runs", "Runs of each system, alternating; the report gives medians (default 1)"),
        new("silos", "Silo processes in one consumer group (default 1)"),
        new("kill-at", "With --silos 2 or more: SIGKILL one silo worker this many seconds into the load and measure the failover"),
        new("scale", "Silo processes over the run, e.g. 2,8,2: starts with the first count, then every --scale-every seconds starts silos or stops the youngest gracefully to reach the next"),
        new("scale-every", "With --scale: seconds between steps (default --duration / the number of counts)"),
        new("ramp", "Search the highest rate each system sustains instead of one fixed-rate run", IsFlag: true),
        new("ramp-window", "With --ramp: the steady seconds a step is judged on (default 30)"),
        new("ramp-steps", "With --ramp: the most steps per system (default 8)"),
        new("rows-dir", "Keep every transaction's timings in this folder"),
        new("dynamodb-faults", "Silo phases: a fault-injecting proxy in front of DynamoDB, e.g. throttle=0.2,error=0.05,drop=0.01,slow=0.1,delay=300ms,ops=BatchWriteItem+UpdateItem,after=10s,for=30s"),
        new("hot-card-rate", "One card (hot-card) sends this many of the --rate transactions per second: its grain's ceiling and the other cards' p99"),
        new("capacity-file", "The capacity model's constants this run refreshes when it is a plain single-silo run (default bench/capacity.json, if it exists)"),
        new("worker", "Internal: run as the bench's worker process of this kind", Hidden: true),
        new("log", "Internal: the worker's transaction log", Hidden: true),
        new("capacity", "Internal: the worker's log capacity", Hidden: true),
    ];

    /// <summary>Transactions generated up front are held in memory: a bound on rate × duration keeps that sane.</summary>
    public const long MaxTransactions = 20_000_000;

    /// <summary>The highest --rate accepted, and the ceiling of a ramp search.</summary>
    public const int MaxRate = 100_000;

    public int Rate { get; init; }

    /// <summary>Transactions per second of the stream given to one card (<see cref="Bench.HotCard.CardId"/>); null: none.</summary>
    public int? HotCardRate { get; init; }

    public string CapacityFile { get; init; } = Capacity.CapacityConstants.DefaultPath;

    public double DurationSeconds { get; init; }

    /// <summary>Transactions scheduled in the first seconds (card activations on a cold DynamoDB Local) count for loss, not for the steady figures.</summary>
    public double WarmupSeconds { get; init; }

    public int Customers { get; init; }

    public int Seed { get; init; }

    public string? File { get; init; }

    public string OutPath { get; init; } = "bench-results.json";

    public bool RunPeer { get; init; }

    /// <summary>Where each phase's per-transaction rows are kept for analysis (deleted when not set).</summary>
    public string? RowsDirectory { get; init; }

    /// <summary>The silo's <c>Silo:CheckpointInterval</c> in seconds for the bench (state checkpoints are DynamoDB Local load).</summary>
    public double CheckpointIntervalSeconds { get; init; }

    public double DrainTimeoutSeconds { get; init; }

    /// <summary>How often each system is run (alternating silo, peer, silo, ...); the report gives medians.</summary>
    public int Runs { get; init; } = 1;

    /// <summary>Silo worker processes in one consumer group.</summary>
    public int Silos { get; init; } = 1;

    /// <summary>Seconds into the load at which one silo worker is killed with SIGKILL; null: none is.</summary>
    public double? KillAtSeconds { get; init; }

    /// <summary>Silo processes over the run (--scale); null: --silos for the whole run.</summary>
    public ScalePlan? Scale { get; init; }

    /// <summary>Faults injected between the silo and DynamoDB (silo phases only); null: none, and no proxy.</summary>
    public DynamoDbFaultPlan? DynamoDbFaults { get; init; }

    /// <summary>Search the highest rate each system sustains instead of one fixed-rate run.</summary>
    public bool Ramp { get; init; }

    /// <summary>The steady window a ramp step must hold (each step runs warm-up + window).</summary>
    public double RampWindowSeconds { get; init; }

    /// <summary>The most steps a ramp search takes per system.</summary>
    public int RampSteps { get; init; }

    /// <summary>The ramp's ceiling: no more than <see cref="MaxRate"/>, nor more transactions a step than <see cref="MaxTransactions"/>.</summary>
    public int RampMaxRate => (int)Math.Min(MaxRate, MaxTransactions / DurationSeconds);

    public int TransactionCount => (int)Math.Ceiling(Rate * DurationSeconds);

    /// <summary>Parses the options of a bench run; returns null and fills <paramref name="errors"/> when any is wrong.</summary>
    public static BenchOptions? Parse(CommandLine args, out IReadOnlyList<string> errors)
    {
        var ramp = args.Flag("ramp");
        var window = args.Double("ramp-window", 30, 1, 3600);
        var fixedDuration = args.Double("duration", 60, 1, 3600);
        // A ramp step is its warm-up and then the steady window it is judged on; --duration does not apply.
        var warmup = args.Double("warmup", Math.Min(10, (ramp ? window : fixedDuration) / 3), 0, 3600);
        var duration = ramp ? warmup + window : fixedDuration;
        IReadOnlyList<string> faultErrors = [];
        var faults = args.String("dynamodb-faults") is { } spec ? DynamoDbFaultPlan.Parse(spec, out faultErrors) : null;
        IReadOnlyList<string> scaleErrors = [];
        var scale = args.String("scale") is { } counts
            ? ScalePlan.Parse(counts, args.Has("scale-every") ? args.Double("scale-every", 0, 1, 3600) : null, duration, new KafkaIngestOptions().Partitions, out scaleErrors)
            : null;
        var options = new BenchOptions
        {
            Rate = args.Int("rate", 2000, 1, MaxRate),
            DurationSeconds = duration,
            WarmupSeconds = warmup,
            Customers = args.Int("customers", 5000, 1, 1_000_000),
            Seed = args.Int("seed", 42, 0, int.MaxValue),
            File = args.String("file"),
            OutPath = args.String("out") ?? "bench-results.json",
            RunPeer = (args.String("peer") ?? "on") != "off",
            RowsDirectory = args.String("rows-dir"),
            CheckpointIntervalSeconds = args.Double("checkpoint-interval", 30, 0.05, 300),
            DrainTimeoutSeconds = args.Double("drain-timeout", 60, 1, 3600),
            Runs = args.Int("runs", 1, 1, 100),
            Silos = args.Int("silos", 1, 1, new KafkaIngestOptions().Partitions),
            KillAtSeconds = args.Has("kill-at") ? args.Double("kill-at", 0, 0, 3600) : null,
            Ramp = ramp,
            RampWindowSeconds = window,
            RampSteps = args.Int("ramp-steps", 8, 1, 50),
            DynamoDbFaults = faults,
            Scale = scale,
            HotCardRate = args.Has("hot-card-rate") ? args.Int("hot-card-rate", 0, 1, MaxRate) : null,
            CapacityFile = args.String("capacity-file") ?? Capacity.CapacityConstants.DefaultPath,
        };
        var problems = args.Errors.Concat(faultErrors).Concat(scaleErrors).ToList();
        if (args.Has("scale") && (ramp || args.Has("silos") || args.Has("kill-at")))
        {
            problems.Add("--scale sets the silos over the run: it does not go with --silos, --kill-at or --ramp");
        }

        if (args.Has("scale-every") && !args.Has("scale"))
        {
            problems.Add("--scale-every needs --scale");
        }

        if (faults is not null && (ramp || faults.AfterSeconds >= duration))
        {
            problems.Add($"--dynamodb-faults needs a fixed-rate run (no --ramp) and after= inside --duration (got {faults.AfterSeconds:0.#} s)");
        }

        if (args.String("peer") is { } peer && peer is not ("on" or "off"))
        {
            problems.Add($"--peer must be on or off (got '{peer}')");
        }

        if (options.WarmupSeconds >= options.DurationSeconds)
        {
            problems.Add($"--warmup ({options.WarmupSeconds:0.#} s) must be shorter than --duration ({options.DurationSeconds:0.#} s)");
        }

        if ((long)options.Rate * options.DurationSeconds > MaxTransactions)
        {
            problems.Add("--rate × --duration must be at most 20,000,000 transactions (they are generated up front)");
        }

        if (options.KillAtSeconds is { } killAt && (options.Silos < 2 || ramp || killAt >= options.DurationSeconds))
        {
            problems.Add($"--kill-at needs --silos 2 or more, no --ramp, and a time inside --duration (got {killAt:0.#} s)");
        }

        if (options.HotCardRate is { } hot && (hot >= options.Rate || ramp))
        {
            problems.Add($"--hot-card-rate ({hot}) must be below --rate ({options.Rate}), without --ramp");
        }

        problems.AddRange(RampProblems(args, ramp));

        errors = problems;
        return problems.Count == 0 ? options : null;
    }

    private static IEnumerable<string> RampProblems(CommandLine args, bool ramp)
    {
        if (ramp && args.Has("duration"))
        {
            yield return "--duration does not apply with --ramp (a step runs --warmup, then --ramp-window)";
        }

        if (ramp && args.Has("runs"))
        {
            yield return "--runs does not apply with --ramp (each step of the search runs once)";
        }

        foreach (var name in new[] { "ramp-window", "ramp-steps" }.Where(n => !ramp && args.Has(n)))
        {
            yield return $"--{name} needs --ramp";
        }
    }
}
