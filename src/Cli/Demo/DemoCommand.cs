using System.Diagnostics;
using System.Globalization;
using Fraud.Orleans.Cli.Hosting;
using Fraud.Orleans.Cli.Metrics;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Silo.Runtime;

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

        using var producer = new TransactionProducer(infra.Kafka.BootstrapServers, topics.Topic);
        var grains = pipeline.Grains;
        var live = new LiveLine(observer, metrics, grains);
        var joined = await pipeline.WaitForPartitionsAsync(TimeSpan.FromSeconds(60), cancellationToken);
        Console.WriteLine($"Silo owns partitions [{string.Join(",", pipeline.Gateway.OwnedPartitions)}] after {joined.TotalSeconds:0.0} s; streaming.");

        var clock = Stopwatch.StartNew();
        var startUnixMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        long sent = 0;
        var nextLine = 1.0;
        using var source = transactions.GetEnumerator();
        while (clock.Elapsed.TotalSeconds < duration && !cancellationToken.IsCancellationRequested)
        {
            // Open loop: each transaction has a scheduled send time, and its latency counts from that time.
            var due = (long)(clock.Elapsed.TotalSeconds * rate);
            while (sent < due && source.MoveNext())
            {
                producer.Produce(source.Current.Transaction, startUnixMs + sent * 1000 / rate);
                sent++;
            }

            if (sent < due)
            {
                break; // the source ran dry
            }

            if (clock.Elapsed.TotalSeconds >= nextLine)
            {
                live.Print(clock.Elapsed, sent);
                nextLine += 1;
            }

            Thread.Sleep(1);
        }

        producer.Flush(TimeSpan.FromSeconds(30));
        var sendSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"Stopped sending after {sendSeconds:0.0} s; waiting for every signal to be durable...");
        var drainDeadline = Stopwatch.StartNew();
        while (observer.Durable.Count < sent && drainDeadline.Elapsed < TimeSpan.FromSeconds(60) && !cancellationToken.IsCancellationRequested)
        {
            if (clock.Elapsed.TotalSeconds >= nextLine)
            {
                live.Print(clock.Elapsed, sent);
                nextLine += 1;
            }

            await Task.Delay(20, CancellationToken.None);
        }

        live.Print(clock.Elapsed, sent);
        var stored = await SignalTableScan.CountAsync(pipeline.DynamoDb, pipeline.SignalTable, cancellationToken);
        new DemoSummary(observer, metrics, grains, sent, sendSeconds, rate, stored).Print();
        return stored > 0 && stored == sent ? 0 : 1;
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

    /// <summary>The one-second status line.</summary>
    private sealed class LiveLine(PipelineObserver observer, IngestMetrics metrics, GrainRuntime grains)
    {
        private long _lastDurable;

        public void Print(TimeSpan elapsed, long sent)
        {
            var durable = observer.Durable.Count;
            var recent = observer.TakeRecentDurable();
            var perSecond = durable - _lastDurable;
            _lastDurable = durable;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[{elapsed.TotalSeconds,5:0}s] sent {sent,9:N0} | {perSecond,6:N0} signals/s | decided {observer.Decided.Count,9:N0} | durable {durable,9:N0} " +
                $"| last second produce→durable p50 {recent.PercentileMs(0.5),6:0.0} ms p99 {recent.PercentileMs(0.99),7:0.0} ms " +
                $"| approve {observer.Approved:N0} review {observer.Reviewed:N0} block {observer.Blocked:N0} | cards {grains.ActiveCards:N0} | dlq {metrics.DeadLettered}"));
        }
    }
}
