using System.Globalization;

namespace Fraud.Orleans.Cli.Replay;

/// <summary>What <c>fraud replay</c> was asked to do, parsed and validated with every problem reported at once.</summary>
public sealed record ReplayOptions
{
    public static readonly IReadOnlyList<CliOption> Options =
    [
        new("file", "The handbook file to replay (.csv or .csv.gz; required)"),
        new("out", "Where the scores go (scores.csv; required)"),
        new("label-delay-days", "Days after a fraud its label becomes visible (default 7)"),
        new("max-lag", "Most transactions in flight between producer and signals (default 40000)"),
        new("rate", "Produce at most this many transactions per second (default: as fast as the lag bound allows)"),
        new("checkpoint-interval", "The silo's checkpoint interval in seconds"),
        new("drain-timeout", "Seconds to wait for the last signals after the file ends"),
        new("progress-interval", "Seconds between progress lines"),
        new("challenger", "A challenger ONNX model scored in shadow; the scores file gets its column and 'fraud evaluate' compares both"),
    ];

    public const string Usage = "see 'fraud replay --help'";

    public required string File { get; init; }

    public required string Out { get; init; }

    /// <summary>A fraud label is published this long after its transaction's event time.</summary>
    public TimeSpan LabelDelay { get; init; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Most transactions produced but not yet durable: keeps every partition far inside the mock broker's retention
    /// and the silo's signal backlog under its own backpressure limit (Kafka:MaxBacklog).
    /// </summary>
    public int MaxLag { get; init; } = 40_000;

    /// <summary>Cap in transactions per second; 0 = as fast as the silo decides.</summary>
    public int Rate { get; init; }

    /// <summary>The silo's checkpoint period: longer means fewer state writes per card during a replay.</summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long, after the last send, every signal may take to become durable.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A challenger model (its metadata beside it) scored beside the champion; null: none.</summary>
    public string? Challenger { get; init; }

    /// <summary>Parses the options; null and <paramref name="errors"/> filled when any is wrong.</summary>
    public static ReplayOptions? Parse(CommandLine args, out IReadOnlyList<string> errors)
    {
        var file = args.String("file");
        var output = args.String("out");
        var delayDays = args.Double("label-delay-days", 7, 0.001, 365); // > 0: a label follows its transaction
        var maxLag = args.Int("max-lag", 40_000, 100, 90_000); // below the silo's Kafka:MaxBacklog (100k)
        var rate = args.Int("rate", 0, 0, 1_000_000);
        var checkpoint = args.Double("checkpoint-interval", 15, 0.01, 300);
        var drain = args.Double("drain-timeout", 300, 1, 86_400);
        var progress = args.Double("progress-interval", 5, 0.1, 3600);
        var challenger = args.String("challenger");
        var problems = args.Errors.ToList();
        if (challenger is not null && (!System.IO.File.Exists(challenger) || !System.IO.File.Exists(Path.ChangeExtension(challenger, ".json"))))
        {
            problems.Add($"--challenger '{Path.GetFullPath(challenger)}' and its metadata (.json beside it) must both exist");
        }
        if (file is null)
        {
            problems.Add("--file is required (a handbook-format CSV, plain or gzip)");
        }
        else if (!System.IO.File.Exists(file))
        {
            problems.Add($"--file '{Path.GetFullPath(file)}' does not exist");
        }

        if (output is null)
        {
            problems.Add("--out is required (the scores CSV to write)");
        }
        else if (Path.GetDirectoryName(Path.GetFullPath(output)) is { } folder && !Directory.Exists(folder))
        {
            problems.Add($"--out: folder '{folder}' does not exist");
        }

        errors = problems;
        return problems.Count > 0 ? null : new ReplayOptions
        {
            File = file!,
            Out = output!,
            LabelDelay = TimeSpan.FromDays(delayDays),
            MaxLag = maxLag,
            Rate = rate,
            CheckpointInterval = TimeSpan.FromSeconds(checkpoint),
            DrainTimeout = TimeSpan.FromSeconds(drain),
            ProgressInterval = TimeSpan.FromSeconds(progress),
            Challenger = challenger is null ? null : Path.GetFullPath(challenger),
        };
    }

    /// <summary>
    /// The silo settings a replay needs: the silo's label delay must be the replay's, and a transaction waits for
    /// the label watermark (30 s at most) so that its terminal risk sees exactly the labels due by its event time.
    /// </summary>
    public Dictionary<string, string?> SiloSettings() => new()
    {
        ["Terminals:LabelDelay"] = LabelDelay.ToString("c", CultureInfo.InvariantCulture),
        ["Terminals:LabelWait"] = "00:00:30",
        ["Silo:CheckpointInterval"] = CheckpointInterval.ToString("c", CultureInfo.InvariantCulture),
        ["Silo:ChallengerModelPath"] = Challenger ?? string.Empty,
    };
}
