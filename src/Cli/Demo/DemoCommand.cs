using System.Diagnostics;
using System.Globalization;
using Fraud.Orleans.Cli.Hosting;
using Fraud.Orleans.Cli.Metrics;
using Fraud.Orleans.Ingest;
using Spectre.Console;

namespace Fraud.Orleans.Cli.Demo;

/// <summary>
/// The main job end to end: embedded Kafka + DynamoDB Local + a silo, a paced stream of transactions,
/// a live line every second, and a summary read back from the signal table.
/// </summary>
public static class DemoCommand
{
    public static readonly IReadOnlyList<CliOption> Options =
    [
        new("duration", "Seconds to stream transactions (1..3600; default 30)"),
        new("rate", "Transactions per second (1..100000; default 1000)"),
        new("file", "A handbook CSV (.csv or .csv.gz) to stream instead of the simulator"),
        new("customers", "Simulated cards (1..1000000; default 5000)"),
        new("seed", "Simulator seed (default 42)"),
        new("console", $"Open the live console (/console) in headless Chromium during the demo and write a screenshot to {ConsoleScreenshot.DefaultPath}", IsFlag: true),
    ];

    public static async Task<int> RunAsync(CommandLine args, CancellationToken cancellationToken)
    {
        var duration = args.Double("duration", 30, 1, 3600);
        var rate = args.Int("rate", 1000, 1, 100_000);
        var customers = args.Int("customers", 5000, 1, 1_000_000);
        var seed = args.Int("seed", 42, 0, int.MaxValue);
        var file = args.String("file");
        if (args.Errors.Count > 0)
        {
            return Usage(args.Errors);
        }

        var time = TimeProvider.System;
        var topics = new KafkaIngestOptions();
        var transactions = TransactionSource.Open(file, customers, seed);

        Console.WriteLine($"Starting embedded Kafka, DynamoDB Local and a silo (rate {rate:N0} tx/s for {duration:0.#} s, source {file ?? $"simulator ({customers:N0} cards, seed {seed})"})...");
        await using var pipeline = await LocalPipeline.StartAsync(topics, null, time, cancellationToken);
        var (infra, silo, observer, metrics) = (pipeline.Infrastructure, pipeline.Silo, pipeline.Observer, pipeline.Metrics);
        Console.WriteLine($"Silo up at {silo.HttpAddress} (Kafka {infra.Kafka.BootstrapServers}, DynamoDB Local {infra.DynamoDb.ServiceUrl})");
        foreach (var line in silo.SessionKeys?.Describe(silo.HttpAddress) ?? [])
        {
            Console.WriteLine(line);
        }

        Console.WriteLine($"Live console: {new Uri(silo.HttpAddress, "/console")} (paste the operator and analyst keys)");

        // The browser starts while the silo joins its group, so its charts have the stream's seconds from the start.
        var console = args.Flag("console") ? ConsoleScreenshot.CaptureAsync(silo.HttpAddress, silo.SessionKeys, ConsoleScreenshot.DefaultPath) : null;

        using var producer = new TransactionProducer(infra.Kafka.BootstrapServers, topics.Topic);
        var cards = pipeline.Cards;
        var snapshots = new DemoSnapshot.Source(observer, metrics, cards);
        var joined = await pipeline.WaitForPartitionsAsync(TimeSpan.FromSeconds(60), cancellationToken);
        Console.WriteLine($"Silo owns partitions [{string.Join(",", pipeline.Gateway.OwnedPartitions)}] after {joined.TotalSeconds:0.0} s; streaming.");

        var stream = new DemoStream(producer, transactions, observer, snapshots, time, rate, duration);
        if (ConsoleMode.Interactive)
        {
            var table = DemoLiveTable.CreateTable();
            await AnsiConsole.Live(table).StartAsync(display => stream.RunAsync(new DemoLiveTable(display, table, duration), cancellationToken));
        }
        else
        {
            await stream.RunAsync(new DemoLines(), cancellationToken);
        }

        var (sent, sendSeconds) = (stream.Sent, stream.SendSeconds);
        var stored = await SignalTableScan.CountAsync(pipeline.DynamoDb, pipeline.SignalTable, cancellationToken);
        new DemoSummary(observer, metrics, cards, sent, sendSeconds, rate, stored).Print();
        var complete = stored > 0 && stored == sent;
        if (console is not null)
        {
            try
            {
                Console.WriteLine($"Live console screenshot: {await console}");
            }
            catch (Exception ex)
            {
                Console.Error.WriteLine($"fraud demo --console: no screenshot: {ex.Message}");
                return 1;
            }
        }

        return complete ? 0 : 1;
    }

    private static int Usage(IEnumerable<string> errors)
    {
        foreach (var error in errors)
        {
            Console.Error.WriteLine($"fraud demo: {error}");
        }

        Console.Error.WriteLine("see 'fraud demo --help'");
        return 2;
    }
}
