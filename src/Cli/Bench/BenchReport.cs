using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fraud.Orleans.Cli.Bench;

/// <summary>
/// bench-results.json (the silo's figures at the top level, the peer's under "peer") and the stdout summary. With
/// several runs the figures are <see cref="RunAggregate"/>'s (medians, the worst loss), every run's own figures
/// are under "runs", and each figure's spread over the runs under "spread".
/// </summary>
public sealed class BenchReport(BenchOptions options, BenchMachine machine, IReadOnlyList<BenchRun> runs)
{
    internal static readonly JsonSerializerOptions Json = new() { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>The figures issue #5 asks for, whose spread over several runs the JSON gives.</summary>
    private static readonly string[] Headline =
    [
        "rate_target", "rate_achieved", "sent", "signals", "lost", "duplicates", "decision_p50_ms", "decision_p99_ms", "decision_p999_ms",
        "durable_p50_ms", "durable_p99_ms", "durable_p999_ms", "durable_max_ms", "silo_cpu_us_per_event", "peak_rss_mb",
    ];

    private readonly PhaseResult _silo = RunAggregate.Of(runs.Select(r => r.Silo).ToList());

    private readonly PhaseResult? _peer = runs.All(r => r.Peer is not null) ? RunAggregate.Of(runs.Select(r => r.Peer!).ToList()) : null;

    private static readonly string[] Notes =
    [
        "Latencies count from each transaction's scheduled send time (its Kafka record timestamp, ms resolution) to the wall clock when the worker saw it decided / its DynamoDB write acknowledged; every sent transaction counts, one never decided or never durable as 100 s.",
        "The headline percentiles cover transactions scheduled in the steady window [warmup, duration); whole_run covers all of them (start-up card activations against a cold DynamoDB Local included).",
        "silo_cpu_us_per_event is the CPU (user+system, /proc/PID/stat) of the worker process alone over the steady window, divided by the transactions it decided in that window. For the silo it includes Kafka consumer, parsing, grains, features, ONNX model, DynamoDB client (signals and state checkpoints) and the bench's latency log; the load generator and the Kafka mock broker run in the bench process (loadgen_kafka_cpu_us_per_event), DynamoDB Local in its own JVM (dynamodb_local_cpu_us_per_event). The peer is measured the same way (its whole Python process).",
        "lost = sent minus items in the worker's signal table (full COUNT scan); readback_* = random sent ids read back with BatchGetItem, each needing a decision and a score in [0, 1]; duplicates = extra decisions of an already decided transaction plus signals for ids never sent.",
        "Phases run one after the other, each on a fresh embedded Kafka and DynamoDB Local, with the same generated stream.",
    ];

    private const string RunsNote =
        "Several runs, alternating silo and peer: every figure is the median over the runs (mean of the middle two for an even count), except lost, duplicates, replayed and readback_missing (the largest), signals (the fewest) and lag_growing (true if it grew in any run); spread holds [min, max] of each headline figure, runs every run's own figures; the ratios are computed from the medians.";

    private const string SilosNote =
        "Several silo workers in one consumer group, each its own process: their per-transaction rows are merged (a transaction counts from its first decision and first acknowledgement by any worker; one decided again by another worker after a partition changed hands is counted under replayed, idempotent on the signal table's key, not as a duplicate; duplicates are a worker deciding a transaction it had already decided, and signals for ids never sent); silo_cpu_us_per_event sums every worker's CPU, peak_rss_mb is the largest worker's.";

    /// <summary>The settings a result depends on; the ones this bench did not always have only when they are not their default.</summary>
    internal static JsonObject Config(BenchOptions options)
    {
        var config = new JsonObject
        {
            ["duration_s"] = options.DurationSeconds,
            ["warmup_s"] = options.WarmupSeconds,
            ["customers"] = options.Customers,
            ["seed"] = options.Seed,
            ["source"] = options.File ?? "simulator",
            ["silo_checkpoint_interval_s"] = options.CheckpointIntervalSeconds,
        };
        if (options.Runs > 1)
        {
            config["runs"] = options.Runs;
        }

        if (options.Silos > 1)
        {
            config["silos"] = options.Silos;
        }

        if (options.HotCardRate is { } hot)
        {
            config["hot_card_rate"] = hot;
        }

        return config;
    }

    internal static JsonArray Array(IEnumerable<string> texts) => new(texts.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray());

    public void Write(string path)
    {
        var root = Node(_silo, runs.Select(r => r.Silo));
        root["machine"] = JsonSerializer.SerializeToNode(machine, Json);
        root["config"] = Config(options);
        if (_peer is not null)
        {
            root["peer"] = Node(_peer, runs.Select(r => r.Peer!));
            root["ratios"] = new JsonObject
            {
                ["peer_cpu_per_event_over_silo"] = Ratio(_peer.WorkerCpuUsPerEvent, _silo.WorkerCpuUsPerEvent),
                ["silo_durable_p99_over_peer"] = Ratio(_silo.DurableP99Ms, _peer.DurableP99Ms),
                ["silo_decision_p99_over_peer"] = Ratio(_silo.DecisionP99Ms, _peer.DecisionP99Ms),
            };
        }

        if (runs.Count > 1)
        {
            root["runs"] = new JsonArray(runs.Select((run, i) =>
            {
                var node = new JsonObject { ["run"] = i + 1, ["silo"] = Node(run.Silo, []) };
                if (run.Peer is not null)
                {
                    node["peer"] = Node(run.Peer, []);
                }

                return (JsonNode?)node;
            }).ToArray());
        }

        root["notes"] = Array(Notes.Concat(options.Runs > 1 ? [RunsNote] : []).Concat(options.Silos > 1 ? [SilosNote] : []));
        File.WriteAllText(path, root.ToJsonString(Json) + Environment.NewLine);
    }

    /// <summary>A system's figures without its name (the key it sits under says it) and, over several runs, their spread.</summary>
    private static JsonObject Node(PhaseResult result, IEnumerable<PhaseResult> runs)
    {
        var node = (JsonObject)JsonSerializer.SerializeToNode(result, Json)!;
        node.Remove("system");
        var each = runs.Select(r => (JsonObject)JsonSerializer.SerializeToNode(r, Json)!).ToList();
        if (each.Count > 1)
        {
            node["spread"] = new JsonObject(Headline.Select(key =>
            {
                // NaN is written as a string: it is no number to spread.
                var (min, max) = RunAggregate.Spread(each.Select(r => r[key] is JsonValue v && v.TryGetValue<double>(out var d) ? d : double.NaN));
                return KeyValuePair.Create(key, (JsonNode?)new JsonArray(min, max));
            }));
        }

        return node;
    }

    public void Print(TextWriter output)
    {
        var title = string.Create(CultureInfo.InvariantCulture,
            $"Summary: {options.Rate:N0} tx/s target, {options.DurationSeconds:0.#} s, steady window from {options.WarmupSeconds:0.#} s; {machine.Summary}");
        var table = _peer is null ? new SummaryTable(title, "", "silo") : new SummaryTable(title, "", "silo", "python peer");
        if (runs.Count > 1)
        {
            table.Note($"medians of {runs.Count} runs (min–max); lost, duplicates and read-back misses: the largest");
        }

        Row(table, "rate achieved (tx/s)", r => r.RateAchieved, "N0");
        Row(table, "sent", r => r.Sent, "N0");
        Row(table, "signals in table", r => r.Signals, "N0");
        Row(table, "lost", r => r.Lost, "N0");
        Row(table, "duplicates", r => r.Duplicates, "N0");
        Row(table, "read-back sample missing", r => r.ReadBackMissing, "N0");
        Row(table, "decision p50 / ms", r => r.DecisionP50Ms, "0.0");
        Row(table, "decision p99 / ms", r => r.DecisionP99Ms, "0.0");
        Row(table, "decision p99.9 / ms", r => r.DecisionP999Ms, "0.0");
        Row(table, "durable p50 / ms", r => r.DurableP50Ms, "0.0");
        Row(table, "durable p99 / ms", r => r.DurableP99Ms, "0.0");
        Row(table, "durable p99.9 / ms", r => r.DurableP999Ms, "0.0");
        Row(table, "durable max / ms", r => r.DurableMaxMs, "0.0");
        Row(table, "worker CPU / event (µs)", r => r.WorkerCpuUsPerEvent, "0.0");
        Row(table, "loadgen+Kafka CPU / event (µs)", r => r.BenchCpuUsPerEvent, "0.0");
        Row(table, "DynamoDB Local CPU / event (µs)", r => r.DynamoDbCpuUsPerEvent, "0.0");
        Row(table, "peak RSS worker (MB)", r => r.PeakRssMb, "0");
        Row(table, "lag growing in steady window", r => r.LagGrowing ? 1 : 0, "yes;;no");
        Row(table, "whole-run durable p99 / ms", r => r.All.DurableP99Ms, "0.0");
        if (_silo.Replayed is not null)
        {
            Row(table, "replayed after a hand-over", r => r.Replayed ?? 0, "N0");
        }

        foreach (var line in SiloNotes(_silo, runs.Count))
        {
            table.Note(line);
        }

        if (_peer is not null)
        {
            table.Note(string.Create(CultureInfo.InvariantCulture,
                $"peer/silo CPU per event {Ratio(_peer.WorkerCpuUsPerEvent, _silo.WorkerCpuUsPerEvent):0.00}×; silo/peer durable p99 {Ratio(_silo.DurableP99Ms, _peer.DurableP99Ms):0.00}"));
        }

        table.Write(output);
    }

    /// <summary>The silo's cross-silo calls, durable card totals and failover, when measured (over several runs: the worst run's).</summary>
    internal static IEnumerable<string> SiloNotes(PhaseResult silo, int runCount)
    {
        var worst = runCount > 1 ? $" (worst of {runCount} runs)" : "";
        if (silo.CrossSilo is { } cross)
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"cross-silo grain calls: {cross.Remote:N0} of {cross.Calls:N0} ({cross.RemotePercent:0.###}%){worst}; per silo [calls, crossed]: {string.Join(" ", cross.BySilo.Select(c => $"[{c[0]:N0}, {c[1]:N0}]"))}");
        }

        if (silo.CardTotals is { } totals)
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"durable card totals: {totals.Wrong:N0} of {totals.Cards:N0} cards wrong{worst}{(totals.Wrong > 0 ? ", e.g. " + string.Join("; ", totals.Examples) : "")}");
        }

        if (silo.Failover is { } f)
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"kill -9 of {f.Silo} at {f.AtSeconds:0.0} s (partitions [{string.Join(",", f.Partitions)}]): partitions reassigned after {Ms(f.ReassignedMs)}, failover {Ms(f.FirstDecisionMs)} to the first decision of a moved card (by {f.FirstDecisionBy ?? "none"}), {Ms(f.FirstNewDecisionMs)} to the first one sent after the kill{worst}");
        }

        if (silo.Spread is { Count: > 1 } spread)
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"per silo [peak active cards, partitions, peak RSS MB]: {string.Join(" ", spread.Select(s => $"{s.Silo} [{s.PeakCardsActive:N0}, {s.Partitions.Count}, {s.PeakRssMb:0}]"))}{worst}");
        }

        if (silo.HotCard is { } h)
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"hot card ({h.Card}, partition {h.Partition}): {h.Sent:N0} sent at {h.RateOffered:N0} tx/s, {h.ThroughputPerSecond:N0} tx/s through its grain ({(h.Saturated ? "fell behind: its ceiling" : "kept up")}); decision p99 hot card {h.DecisionP99Ms:0.0} ms, its partition's other cards {h.PartitionOthersP99Ms:0.0} ms, the other partitions' {h.OtherPartitionsP99Ms:0.0} ms{worst}");
        }

        if (silo.DynamoDbFaults is { } d)
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"DynamoDB faults ({d.Spec}) from {d.OnSeconds:0.0} s to {(d.OffSeconds is { } off ? $"{off:0.0} s" : "the end")}: {d.RequestsWhileOn:N0} requests while on ({d.Requests:N0} in all), {d.Throttled:N0} throttled, {d.Errors:N0} errors, {d.Dropped:N0} dropped, {d.Slowed:N0} slowed (each one retry by the silo); {d.BacklogAtOff:N0} signals not durable at faults off, durable {Seconds(d.BacklogDurableAfterOffSeconds)} later, everything committed {Seconds(d.CommittedAfterOffSeconds)} later (the next checkpoint){worst}");
        }

        if (silo.Scaling is { } steps)
        {
            yield return "scaling: " + string.Join("; ", steps.Select(step => string.Create(CultureInfo.InvariantCulture,
                $"{step.From} -> {step.To} silos at {step.AtSeconds:0.0} s, every partition owned again after {Seconds(step.SettledAfterSeconds)}"))) + worst;
        }

        static string Seconds(double? s) => s is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v:0.0} s") : "never";

        static string Ms(double? ms) => ms is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v:N0} ms") : "never";
    }

    private void Row(SummaryTable table, string name, Func<PhaseResult, double> value, string format)
    {
        var silo = Cell(_silo, runs.Select(r => r.Silo), value, format);
        if (_peer is null)
        {
            table.Row(name, silo);
        }
        else
        {
            table.Row(name, silo, Cell(_peer, runs.Select(r => r.Peer!), value, format));
        }
    }

    private string Cell(PhaseResult aggregate, IEnumerable<PhaseResult> each, Func<PhaseResult, double> value, string format)
    {
        var text = value(aggregate).ToString(format, CultureInfo.InvariantCulture);
        if (runs.Count == 1)
        {
            return text;
        }

        var (min, max) = RunAggregate.Spread(each.Select(value));
        return string.Create(CultureInfo.InvariantCulture, $"{text} ({min.ToString(format, CultureInfo.InvariantCulture)}–{max.ToString(format, CultureInfo.InvariantCulture)})");
    }

    private static double Ratio(double a, double b) => b > 0 && double.IsFinite(a) ? Math.Round(a / b, 3) : double.NaN;
}
