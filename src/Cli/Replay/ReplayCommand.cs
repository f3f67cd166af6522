using System.Diagnostics;
using Fraud.Orleans.Cli.Hosting;
using Fraud.Orleans.Cli.Scores;
using Fraud.Orleans.Ingest;
using Spectre.Console;

namespace Fraud.Orleans.Cli.Replay;

/// <summary>
/// <c>fraud replay</c>: a handbook file through embedded Kafka, DynamoDB Local and an in-process silo in event-time
/// order, fraud labels published as they would arrive (a delay after their transaction), then the signal table read
/// back into a scores file. Exit code 0 only when every transaction of the file has its signal.
/// </summary>
public static class ReplayCommand
{
    // One segment: DynamoDB Local serves parallel segments far slower than one sequential scan (measured 1k vs 7k items/s).
    private const int ScanSegments = 1;

    public static async Task<int> RunAsync(CommandLine args, CancellationToken cancellationToken)
    {
        var options = ReplayOptions.Parse(args, out var errors);
        if (options is null)
        {
            foreach (var error in errors)
            {
                Console.Error.WriteLine($"fraud replay: {error}");
            }

            Console.Error.WriteLine(ReplayOptions.Usage);
            return 2;
        }

        var wall = Stopwatch.StartNew();
        Console.WriteLine($"Reading {options.File}...");
        var input = ReplayInput.Load(options.File);
        Console.WriteLine($"{input.Rows.Length:N0} transactions, {input.Frauds:N0} frauds{(input.WasInOrder ? "" : " (sorted into event-time order)")}; " +
            "starting embedded Kafka, DynamoDB Local and a silo...");
        await using var pipeline = await LocalPipeline.StartAsync(new KafkaIngestOptions(), options.SiloSettings(), TimeProvider.System, cancellationToken);
        var joined = await pipeline.WaitForPartitionsAsync(TimeSpan.FromSeconds(60), cancellationToken);
        Console.WriteLine($"Silo owns partitions [{string.Join(",", pipeline.Gateway.OwnedPartitions)}] after {joined.TotalSeconds:0.0} s; replaying " +
            $"(label delay {options.LabelDelay.TotalDays:0.###} days, at most {options.MaxLag:N0} not yet durable{(options.Rate > 0 ? $", at most {options.Rate:N0} tx/s" : "")}).");

        ReplaySummary summary;
        if (ConsoleMode.Interactive)
        {
            ReplayResult? result = null;
            await AnsiConsole.Progress()
                .Columns(new SpinnerColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new TaskDescriptionColumn { Alignment = Justify.Left })
                .StartAsync(async progress =>
                {
                    var bar = progress.AddTask("replaying", maxValue: input.Rows.Length);
                    result = await Task.Run(() => new ReplayRun(pipeline, options, Console.Out, bar).Run(input, cancellationToken), cancellationToken);
                    bar.Value = bar.MaxValue;
                });
            summary = await SummarizeAsync(pipeline, options, input, Console.Out, result!, cancellationToken);
        }
        else
        {
            summary = await ReplayAsync(pipeline, options, input, Console.Out, cancellationToken);
        }

        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"  wall time                {wall.Elapsed.TotalSeconds,12:0.0} s  ({input.Rows.Length / Math.Max(wall.Elapsed.TotalSeconds, 0.001):N0} tx/s, start-up and reading the file included)"));
        return summary.Succeeded ? 0 : 1;
    }

    /// <summary>Replays <paramref name="input"/> through a started pipeline, writes the scores file and prints the summary.</summary>
    public static async Task<ReplaySummary> ReplayAsync(
        LocalPipeline pipeline, ReplayOptions options, ReplayInput input, TextWriter output, CancellationToken cancellationToken)
    {
        var result = await Task.Run(() => new ReplayRun(pipeline, options, output).Run(input, cancellationToken), cancellationToken);
        return await SummarizeAsync(pipeline, options, input, output, result, cancellationToken);
    }

    /// <summary>Reads every stored score back, writes the scores file and prints the summary of <paramref name="result"/>.</summary>
    private static async Task<ReplaySummary> SummarizeAsync(
        LocalPipeline pipeline, ReplayOptions options, ReplayInput input, TextWriter output, ReplayResult result, CancellationToken cancellationToken)
    {
        if (!result.DrainedInTime)
        {
            output.WriteLine($"fraud replay: only {result.Durable:N0} of {result.TransactionsSent:N0} signals were durable {options.DrainTimeout.TotalSeconds:0} s after the last send (--drain-timeout); writing what the table holds.");
        }

        var scan = Stopwatch.StartNew();
        var stored = await SignalTableScan.ReadScoresAsync(pipeline.Silo.Configuration.DynamoDb, pipeline.SignalTable, ScanSegments, cancellationToken);
        var scores = new Dictionary<long, StoredScore>(stored.Count);
        var scanDuplicates = stored.Count(s => !scores.TryAdd(s.TransactionId, s));
        var missing = ScoresCsvWriter.Write(options.Out, input.Rows, scores);
        var fileIds = input.Rows.Select(r => r.Transaction.TransactionId).ToHashSet();
        var summary = new ReplaySummary(input, result, scores.Count, missing, scanDuplicates, scores.Keys.Count(id => !fileIds.Contains(id)), scan.Elapsed, options.Out);
        summary.Print(output);
        return summary;
    }
}
