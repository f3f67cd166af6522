using System.Globalization;
using Fraud.Orleans.Cli.Hosting;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Embedded;

namespace Fraud.Orleans.Cli.Bench;

/// <summary>
/// One system measured on its own: fresh embedded Kafka and DynamoDB Local, its worker process, the open-loop
/// load, the drain, the worker's stop, and the read-back. A fresh infrastructure per phase means neither system
/// inherits the other's data or a warmer JVM, and each gets the whole machine.
/// </summary>
public static class BenchPhase
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan CountDeadline = TimeSpan.FromMinutes(5);

    /// <param name="stage">Added to the progress lines' label when a bench runs a system more than once ("run 2/3", "step 4").</param>
    public static async Task<PhaseResult> RunAsync(
        WorkerKind kind, BenchOptions options, IReadOnlyList<Transaction> transactions, CancellationToken cancellationToken, string? stage = null)
    {
        var topics = new KafkaIngestOptions();
        var scale = kind == WorkerKind.Silo ? options.Scale : null;
        var workers = kind == WorkerKind.Silo ? scale?.ProcessesStarted ?? options.Silos : 1;
        var logPaths = Enumerable.Range(1, workers).Select(n => LogPath(kind, n, workers)).ToList();
        var load = new OpenLoopLoad(transactions, options.Rate);
        var label = (kind == WorkerKind.Silo ? "silo" : "peer") + (stage is null ? "" : " " + stage);

        Console.WriteLine($"[{label}] starting embedded Kafka and DynamoDB Local...");
        await using var infra = await EmbeddedInfrastructure.StartAsync(topics, cancellationToken);
        using (var warmUpClient = infra.DynamoDb.CreateClient(c => c.Timeout = TimeSpan.FromSeconds(60)))
        {
            var warming = System.Diagnostics.Stopwatch.StartNew();
            await DynamoDbWarmUp.RunAsync(warmUpClient, cancellationToken);
            Console.WriteLine($"[{label}] DynamoDB Local warmed up in {warming.Elapsed.TotalSeconds:0.0} s (a scratch table; a production DynamoDB is never cold)");
        }

        // The silo's DynamoDB through a fault-injecting proxy, switched on and off by the load's clock (--dynamodb-faults).
        await using var proxy = kind == WorkerKind.Silo && options.DynamoDbFaults is not null ? DynamoDbFaultProxy.Start(infra.DynamoDb.ServiceUrl, seed: options.Seed) : null;
        var faults = proxy is null ? null : new DynamoDbFaultSchedule(options.DynamoDbFaults!, proxy);
        var launches = logPaths.Select((path, i) => WorkerLaunch.For(kind, options, infra, topics.Topic, path, i + 1, proxy?.ServiceUrl)).ToList();
        using var worker = WorkerGroup.Start(launches.Take(scale?.Counts[0] ?? launches.Count).ToList(), timeMs => (load.Seconds, load.ScheduledBy(timeMs)), infra.DynamoDb.ProcessId);
        var scaling = scale is null ? null : new ScaleRun(scale, launches, worker, topics.Partitions, label);
        await worker.WaitReadyAsync(ReadyTimeout, cancellationToken);
        Console.WriteLine($"[{label}] worker pid {string.Join(", ", worker.Pids)} ready (partitions {string.Join(" ", worker.LastStatuses.Select(s => $"[{string.Join(",", s.Status?.Partitions ?? [])}]"))}); sending {transactions.Count:N0} transactions at {options.Rate:N0} tx/s");

        var rssAtReady = worker.RssMb;
        using var producer = new TransactionProducer(infra.Kafka.BootstrapServers, topics.Topic);
        var sending = Task.Factory.StartNew(() => load.Run(producer, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var nextLine = 1.0;
        SiloKill? kill = null;
        while (!sending.IsCompleted)
        {
            await Task.WhenAny(sending, Task.Delay(kill is null && options.KillAtSeconds is not null ? 10 : 100, CancellationToken.None));
            if (kind == WorkerKind.Silo && kill is null && options.KillAtSeconds is { } killAt && load.Seconds >= killAt)
            {
                // The last worker: it joined the group last, so the kill moves partitions that had settled before the load.
                kill = await worker.KillAsync(workers - 1, load.Seconds);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"[{label} {kill.AtSeconds,5:0.0}s] kill -9 {kill.Silo} (pid {kill.Pid}), owner of partitions [{string.Join(",", kill.Partitions)}]"));
            }

            SwitchFaults(faults, label, load.Seconds, load.Sent, worker);
            scaling?.Update(load.Seconds);
            if (load.Seconds >= nextLine)
            {
                PrintLive(label, load.Seconds, load.Sent, worker);
                nextLine += 1;
            }
        }

        var sendSeconds = await sending;
        producer.Flush(TimeSpan.FromSeconds(30));
        var sent = load.Sent;
        var drainDeadline = load.Seconds + options.DrainTimeoutSeconds;
        var survivorLogs = kill is null ? [] : logPaths.Where((_, i) => worker.LastStatuses[i].Name != kill.Silo).ToList();
        using var group = new GroupProgress(infra.Kafka.BootstrapServers, topics);
        var owed = kill is null ? [] : ReplayOwed.Of(transactions.Take((int)sent), topics.Partitions, kill.Partitions, group.Committed(kill.Partitions));
        var owedLeft = owed.Count;
        var uncommitted = kind == WorkerKind.Silo ? -1L : 0; // unknown until the rest is done
        // After a kill the workers' durable counts hold the replays twice: also wait until no live worker has a signal
        // in flight and the survivors decided everything of the killed silo's partitions after its last commit. Silos
        // then drain until a checkpoint committed everything: a stop hands nothing over, the card states are final.
        while (((worker.Latest?.Status.Durable ?? 0) < sent || !worker.LiveSettled || owedLeft > 0 || uncommitted != 0) && load.Seconds < drainDeadline && !worker.HasExited)
        {
            await Task.Delay(100, cancellationToken);
            SwitchFaults(faults, label, load.Seconds, sent, worker);
            scaling?.Update(load.Seconds);
            if (load.Seconds >= nextLine)
            {
                PrintLive(label, load.Seconds, sent, worker);
                if (owed.Count > 0)
                {
                    owedLeft = ReplayOwed.Left(owed, survivorLogs.Select(LatencyRows.Read), sent);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{label}] the killed silo's partitions: {owedLeft:N0} of {owed.Count:N0} records after its last commit not yet decided again"));
                }

                if (uncommitted != 0 && (worker.Latest?.Status.Durable ?? 0) >= sent && worker.LiveSettled && owedLeft == 0)
                {
                    uncommitted = group.Uncommitted();
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{label}] waiting for a checkpoint to commit the last {uncommitted:N0} records"));
                }

                nextLine += 1;
            }
        }

        double? committedAt = (worker.Latest?.Status.Durable ?? 0) >= sent && uncommitted == 0 ? load.Seconds : null;
        var faultRun = faults is null ? null : DynamoDbFaultRun.Of(faults, proxy!.Counts, committedAt);
        await Task.Delay(600, cancellationToken); // one more status line after the last acknowledgement
        var peakRss = worker.PeakRssMb;
        var spread = kind == WorkerKind.Silo ? SiloSpread.Of(worker.EachSamples, worker.LastStatuses, worker.PeakRssMbEach) : null;
        var lastStatuses = worker.LastStatuses;
        var exitCodes = (await worker.StopAsync(StopTimeout)).Concat(scaling is null ? [] : await scaling.StoppedAsync()).ToList();
        if (exitCodes.FirstOrDefault(c => c != 0) is var exitCode and not 0)
        {
            throw new InvalidOperationException($"The {label} worker exited with code {exitCode}.");
        }

        // Generous timeouts: after a heavy run DynamoDB Local may still be busy, and a read-back that times out tells nothing.
        using var client = infra.DynamoDb.CreateClient(c => (c.Timeout, c.MaxErrorRetry) = (TimeSpan.FromSeconds(60), 5));
        var signalTable = launches[0].SignalTable;
        Console.WriteLine($"[{label}] reading the signal of every sent id back by key, and 1,000 in full...");
        long count;
        using (var countDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            countDeadline.CancelAfter(CountDeadline);
            try
            {
                count = await SignalReadBack.CountPresentAsync(client, signalTable, sent, countDeadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"Reading the {label}'s signals back took more than {CountDeadline.TotalMinutes:0} minutes (DynamoDB Local still busy): " +
                    "without it loss cannot be checked, so no result is written.");
            }
        }

        var readBack = await SignalReadBack.SampleAsync(client, signalTable, sent, 1000, 7, cancellationToken);
        CardTotals? cardTotals = null;
        long? reviews = null;
        if (kind == WorkerKind.Silo)
        {
            Console.WriteLine($"[{label}] comparing every card's durable totals with what was sent...");
            var (stored, meanStateBytes) = await CardTotals.ReadAsync(client, new Silo.Storage.DynamoDbOptions().StateTable, cancellationToken);
            cardTotals = CardTotals.Compare(transactions.Take((int)sent), stored) with { StateItemBytesMean = Math.Round(meanStateBytes, 1) };
            reviews = await CountAsync(client, new Silo.Storage.DynamoDbOptions().ReviewTable, cancellationToken);
        }

        try
        {
            var result = PhaseAnalysis.Analyse(new PhaseAnalysis.Inputs(
                label, options.Rate, sent, sendSeconds, load.StartUnixMs, options.WarmupSeconds, options.DurationSeconds,
                logPaths.Select(LatencyRows.Read).ToList(), worker.Samples, count, readBack, peakRss));
            return result with
            {
                CardTotals = cardTotals,
                RssAtReadyMb = kind == WorkerKind.Silo ? Math.Round(rssAtReady, 1) : null,
                Spread = spread,
                ReviewItems = reviews,
                HotCard = kind != WorkerKind.Silo || options.HotCardRate is not { } hotRate ? null : Bench.HotCard.Measure(
                    MergedRows.Of(logPaths.Select(LatencyRows.Read).ToList(), sent),
                    sent,
                    id => transactions[(int)id].CardId == Bench.HotCard.CardId ? 0
                        : CardPartitioner.PartitionOf(transactions[(int)id].CardId, topics.Partitions) == CardPartitioner.PartitionOf(Bench.HotCard.CardId, topics.Partitions) ? 1 : 2,
                    CardPartitioner.PartitionOf(Bench.HotCard.CardId, topics.Partitions),
                    hotRate),
                DynamoDbFaults = faultRun,
                Scaling = scaling?.Steps,
                CrossSilo = kind == WorkerKind.Silo && workers > 1 ? CrossSiloCalls.Of(lastStatuses.Select(s => s.Status)) : null,
                Failover = kill is null ? null : Failover.Measure(
                    kill,
                    logPaths.Select((path, i) => (lastStatuses[i].Name, LatencyRows.Read(path))).Where(w => w.Name != kill.Silo),
                    id => CardPartitioner.PartitionOf(transactions[(int)id].CardId, topics.Partitions),
                    worker.EachSamples.Where(w => w.Name != kill.Silo).SelectMany(w => w.Samples).Select(s => s.Status)),
            };
        }
        finally
        {
            foreach (var path in logPaths)
            {
                if (options.RowsDirectory is { } keep)
                {
                    Directory.CreateDirectory(keep);
                    var name = string.Concat(label.Select(c => char.IsLetterOrDigit(c) ? c : '-'));
                    File.Move(path, Path.Combine(keep, $"{name}-{DateTime.UtcNow:HHmmss}-{Path.GetFileName(path)}"), overwrite: true);
                }
                else
                {
                    File.Delete(path);
                }
            }
        }
    }

    private static async Task<long> CountAsync(Amazon.DynamoDBv2.IAmazonDynamoDB client, string table, CancellationToken cancellationToken)
    {
        var request = new Amazon.DynamoDBv2.Model.ScanRequest { TableName = table, Select = Amazon.DynamoDBv2.Select.COUNT };
        long count = 0;
        do
        {
            var page = await client.ScanAsync(request, cancellationToken);
            count += page.Count ?? 0;
            request.ExclusiveStartKey = page.LastEvaluatedKey;
        }
        while (request.ExclusiveStartKey is { Count: > 0 });

        return count;
    }

    private static string LogPath(WorkerKind kind, int number, int workers) =>
        Path.Combine(Path.GetTempPath(), $"fraud-bench-{kind.ToString().ToLowerInvariant()}{(workers > 1 ? number.ToString(CultureInfo.InvariantCulture) : "")}-{Environment.ProcessId}.bin");

    private static void SwitchFaults(DynamoDbFaultSchedule? faults, string label, double seconds, long sent, WorkerGroup worker)
    {
        if (faults?.Update(seconds, sent, worker.Latest?.Status.Durable ?? 0) is { } change)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{label} {seconds,5:0.0}s] {change}"));
        }
    }

    private static void PrintLive(string label, double seconds, long sent, WorkerGroup worker)
    {
        var sample = worker.Latest;
        var status = sample?.Status;
        // With several silos, the partitions each owns by its last line: how the group shares them, and when they move.
        var statuses = worker.LastStatuses;
        var owned = statuses.Count > 1 && statuses.Any(s => s.Status?.Partitions is not null)
            ? " | partitions " + string.Join("/", statuses.Select(s => s.Status?.Partitions?.Count.ToString(CultureInfo.InvariantCulture) ?? "-"))
            : "";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[{label} {seconds,5:0}s] sent {sent,10:N0} | decided {status?.Decided ?? 0,10:N0} | durable {status?.Durable ?? 0,10:N0} | lag {sample?.Lag ?? 0,8:N0}{owned}"));
    }
}
