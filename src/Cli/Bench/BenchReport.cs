using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fraud.Orleans.Cli.Bench;

/// <summary>bench-results.json (the silo's figures at the top level, the peer's under "peer") and the stdout summary.</summary>
public sealed class BenchReport(BenchOptions options, BenchMachine machine, PhaseResult silo, PhaseResult? peer)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private static readonly string[] Notes =
    [
        "Latencies count from each transaction's scheduled send time (its Kafka record timestamp, ms resolution) to the wall clock when the worker saw it decided / its DynamoDB write acknowledged; every sent transaction counts, one never decided or never durable as 100 s.",
        "The headline percentiles cover transactions scheduled in the steady window [warmup, duration); whole_run covers all of them (start-up card activations against a cold DynamoDB Local included).",
        "silo_cpu_us_per_event is the CPU (user+system, /proc/PID/stat) of the worker process alone over the steady window, divided by the transactions it decided in that window. For the silo it includes Kafka consumer, parsing, grains, features, ONNX model, DynamoDB client (signals and state checkpoints) and the bench's latency log; the load generator and the Kafka mock broker run in the bench process (loadgen_kafka_cpu_us_per_event), DynamoDB Local in its own JVM (dynamodb_local_cpu_us_per_event). The peer is measured the same way (its whole Python process).",
        "lost = sent minus items in the worker's signal table (full COUNT scan); readback_* = random sent ids read back with BatchGetItem, each needing a decision and a score in [0, 1]; duplicates = extra decisions of an already decided transaction plus signals for ids never sent.",
        "Phases run one after the other, each on a fresh embedded Kafka and DynamoDB Local, with the same generated stream.",
    ];

    public void Write(string path)
    {
        var root = (JsonObject)JsonSerializer.SerializeToNode(silo, Json)!;
        root.Remove("system");
        root["machine"] = JsonSerializer.SerializeToNode(machine, Json);
        root["config"] = new JsonObject
        {
            ["duration_s"] = options.DurationSeconds,
            ["warmup_s"] = options.WarmupSeconds,
            ["customers"] = options.Customers,
            ["seed"] = options.Seed,
            ["source"] = options.File ?? "simulator",
            ["silo_checkpoint_interval_s"] = options.CheckpointIntervalSeconds,
        };
        if (peer is not null)
        {
            var peerNode = (JsonObject)JsonSerializer.SerializeToNode(peer, Json)!;
            peerNode.Remove("system");
            root["peer"] = peerNode;
            root["ratios"] = new JsonObject
            {
                ["peer_cpu_per_event_over_silo"] = Ratio(peer.WorkerCpuUsPerEvent, silo.WorkerCpuUsPerEvent),
                ["silo_durable_p99_over_peer"] = Ratio(silo.DurableP99Ms, peer.DurableP99Ms),
                ["silo_decision_p99_over_peer"] = Ratio(silo.DecisionP99Ms, peer.DecisionP99Ms),
            };
        }

        root["notes"] = new JsonArray(Notes.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray());
        File.WriteAllText(path, root.ToJsonString(Json) + Environment.NewLine);
    }

    public void Print(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Summary: {options.Rate:N0} tx/s target, {options.DurationSeconds:0.#} s, steady window from {options.WarmupSeconds:0.#} s; {machine.Summary}"));
        output.WriteLine($"  {"",-34} {"silo",14} {(peer is null ? "" : "python peer"),14}");
        Row(output, "rate achieved (tx/s)", r => r.RateAchieved, "N0");
        Row(output, "sent", r => r.Sent, "N0");
        Row(output, "signals in table", r => r.Signals, "N0");
        Row(output, "lost", r => r.Lost, "N0");
        Row(output, "duplicates", r => r.Duplicates, "N0");
        Row(output, "read-back sample missing", r => r.ReadBackMissing, "N0");
        Row(output, "decision p50 / ms", r => r.DecisionP50Ms, "0.0");
        Row(output, "decision p99 / ms", r => r.DecisionP99Ms, "0.0");
        Row(output, "decision p99.9 / ms", r => r.DecisionP999Ms, "0.0");
        Row(output, "durable p50 / ms", r => r.DurableP50Ms, "0.0");
        Row(output, "durable p99 / ms", r => r.DurableP99Ms, "0.0");
        Row(output, "durable p99.9 / ms", r => r.DurableP999Ms, "0.0");
        Row(output, "durable max / ms", r => r.DurableMaxMs, "0.0");
        Row(output, "worker CPU / event (µs)", r => r.WorkerCpuUsPerEvent, "0.0");
        Row(output, "loadgen+Kafka CPU / event (µs)", r => r.BenchCpuUsPerEvent, "0.0");
        Row(output, "DynamoDB Local CPU / event (µs)", r => r.DynamoDbCpuUsPerEvent, "0.0");
        Row(output, "peak RSS worker (MB)", r => r.PeakRssMb, "0");
        Row(output, "lag growing in steady window", r => r.LagGrowing ? 1 : 0, "yes;;no");
        Row(output, "whole-run durable p99 / ms", r => r.All.DurableP99Ms, "0.0");
        if (peer is not null)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  peer/silo CPU per event {Ratio(peer.WorkerCpuUsPerEvent, silo.WorkerCpuUsPerEvent):0.00}×; silo/peer durable p99 {Ratio(silo.DurableP99Ms, peer.DurableP99Ms):0.00}"));
        }
    }

    private void Row(TextWriter output, string name, Func<PhaseResult, double> value, string format)
    {
        var peerText = peer is null ? "" : value(peer).ToString(format, CultureInfo.InvariantCulture);
        output.WriteLine($"  {name,-34} {value(silo).ToString(format, CultureInfo.InvariantCulture),14} {peerText,14}");
    }

    private static double Ratio(double a, double b) => b > 0 && double.IsFinite(a) ? Math.Round(a / b, 3) : double.NaN;
}
