using System.Diagnostics;
using Fraud.Orleans.Cli.Metrics;
using Fraud.Orleans.Ingest;

namespace Fraud.Orleans.Cli.Demo;

/// <summary>The demo's open-loop stream: sends at the rate for the duration, then waits for every signal to be durable.</summary>
internal sealed class DemoStream(
    TransactionProducer producer, IEnumerable<Simulator.SimulatedTransaction> transactions, PipelineObserver observer,
    DemoSnapshot.Source snapshots, TimeProvider time, int rate, double durationSeconds)
{
    public long Sent { get; private set; }

    public double SendSeconds { get; private set; }

    public async Task RunAsync(IDemoView view, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var startUnixMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        long sent = 0;
        var nextLine = 1.0;
        using var source = transactions.GetEnumerator();
        while (clock.Elapsed.TotalSeconds < durationSeconds && !cancellationToken.IsCancellationRequested)
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
                view.Show(snapshots.Take(clock.Elapsed, sent));
                nextLine += 1;
            }

            Thread.Sleep(1);
        }

        producer.Flush(TimeSpan.FromSeconds(30));
        Sent = sent;
        SendSeconds = clock.Elapsed.TotalSeconds;
        view.Note($"Stopped sending after {SendSeconds:0.0} s; waiting for every signal to be durable...");
        var drainDeadline = Stopwatch.StartNew();
        while (observer.Durable.Count < sent && drainDeadline.Elapsed < TimeSpan.FromSeconds(60) && !cancellationToken.IsCancellationRequested)
        {
            if (clock.Elapsed.TotalSeconds >= nextLine)
            {
                view.Show(snapshots.Take(clock.Elapsed, sent));
                nextLine += 1;
            }

            await Task.Delay(20, CancellationToken.None);
        }

        view.Show(snapshots.Take(clock.Elapsed, sent));
    }
}
