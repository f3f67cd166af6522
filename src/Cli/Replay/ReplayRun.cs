using System.Diagnostics;
using Fraud.Orleans.Cli.Hosting;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Ingest.Labels;
using Spectre.Console;

namespace Fraud.Orleans.Cli.Replay;

/// <summary>
/// Sends a file through a running <see cref="LocalPipeline"/> in event-time order (<see cref="ReplaySchedule"/>),
/// paced so that transactions produced but not yet durable stay under <see cref="ReplayOptions.MaxLag"/> (the mock
/// broker drops what lies beyond its retention), then waits until every signal is durable.
/// </summary>
public sealed class ReplayRun(LocalPipeline pipeline, ReplayOptions options, TextWriter output, ProgressTask? bar = null)
{
    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(60);

    // While the pacer waits this long, it promises what it has published so far (a watermark at the last sent
    // time − delay), so that transactions waiting for the labels never wait on the next 15-minute boundary.
    private static readonly TimeSpan StallBeforeEarlyWatermark = TimeSpan.FromMilliseconds(200);

    public ReplayResult Run(ReplayInput input, CancellationToken cancellationToken)
    {
        var rows = input.Rows;
        var observer = pipeline.Observer;
        var metrics = pipeline.Metrics;
        var bootstrap = pipeline.Infrastructure.Kafka.BootstrapServers;
        var delayMs = (long)options.LabelDelay.TotalMilliseconds;
        using var transactions = new TransactionProducer(bootstrap, pipeline.Topics.Topic);
        using var labels = new LabelProducer(bootstrap, pipeline.Topics.LabelTopic);
        var progress = new ReplayProgress(observer, metrics, rows.Length, output, bar);

        var clock = Stopwatch.StartNew();
        var nextProgress = options.ProgressInterval;
        long sent = 0, labelCount = 0, watermarkCount = 0;
        var lastWatermark = long.MinValue;
        var lastSentTime = long.MinValue;
        foreach (var step in ReplaySchedule.Of(rows, options.LabelDelay))
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (step.Kind)
            {
                case ReplayStepKind.Label:
                    var tx = rows[step.Row].Transaction;
                    labels.Produce(new FraudLabel(tx.TransactionId, tx.TerminalId, tx.EventTimeMs));
                    labelCount++;
                    continue;

                case ReplayStepKind.Watermark:
                    if (step.CompleteThroughMs > lastWatermark)
                    {
                        labels.ProduceWatermark(step.CompleteThroughMs);
                        lastWatermark = step.CompleteThroughMs;
                        watermarkCount++;
                    }

                    continue;
            }

            // Pace: bounded lag behind what the silo made durable (so also behind what it consumed and decided), and
            // the optional rate cap. Durable, not decided: the gateway's own backpressure (Kafka:MaxBacklog signals
            // waiting for DynamoDB, 100k) must never engage, the replay keeps the backlog below it.
            var stalledSince = TimeSpan.MinValue;
            while (sent - observer.Durable.Count - metrics.DeadLettered >= options.MaxLag
                || (options.Rate > 0 && sent >= options.Rate * clock.Elapsed.TotalSeconds))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (stalledSince == TimeSpan.MinValue)
                {
                    stalledSince = clock.Elapsed;
                }
                else if (clock.Elapsed - stalledSince > StallBeforeEarlyWatermark && lastSentTime - delayMs > lastWatermark)
                {
                    lastWatermark = lastSentTime - delayMs;
                    labels.ProduceWatermark(lastWatermark);
                    watermarkCount++;
                }

                PrintIfDue(progress, clock, ref nextProgress, sent, lastSentTime);
                Thread.Sleep(1);
            }

            transactions.Produce(rows[step.Row].Transaction);
            sent++;
            lastSentTime = rows[step.Row].Transaction.EventTimeMs;
            PrintIfDue(progress, clock, ref nextProgress, sent, lastSentTime);
        }

        transactions.Flush(FlushTimeout);
        if (!labels.Flush(FlushTimeout) || transactions.Delivered < sent || transactions.Failed > 0 || labels.Failed > 0)
        {
            throw new InvalidOperationException(
                $"Kafka did not take everything: transactions {transactions.Delivered:N0} delivered, {transactions.Failed:N0} failed of {sent:N0}; " +
                $"labels topic {labels.Delivered:N0} delivered, {labels.Failed:N0} failed.");
        }

        var sendTime = clock.Elapsed;
        output.WriteLine($"Sent {sent:N0} transactions, {labelCount:N0} labels and {watermarkCount:N0} watermarks in {sendTime.TotalSeconds:0.0} s; waiting for every signal to be durable...");
        var drainDeadline = clock.Elapsed + options.DrainTimeout;
        while (observer.Durable.Count + metrics.DeadLettered < sent && clock.Elapsed < drainDeadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            PrintIfDue(progress, clock, ref nextProgress, sent, lastSentTime);
            Thread.Sleep(20);
        }

        progress.Print(clock.Elapsed, sent, lastSentTime);
        var durable = observer.Durable.Count;
        return new ReplayResult(sent, labelCount, watermarkCount, sendTime, clock.Elapsed, durable, metrics.DeadLettered,
            metrics.TerminalHistoryIncomplete, durable + metrics.DeadLettered >= sent);
    }

    private void PrintIfDue(ReplayProgress progress, Stopwatch clock, ref TimeSpan next, long sent, long eventTimeMs)
    {
        if (clock.Elapsed >= next)
        {
            progress.Print(clock.Elapsed, sent, eventTimeMs);
            next = clock.Elapsed + options.ProgressInterval;
        }
    }
}
