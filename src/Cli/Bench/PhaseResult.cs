using System.Text.Json.Serialization;

namespace Fraud.Orleans.Cli.Bench;

/// <summary>What one system (our silo, or the Python peer) achieved in one bench phase; the JSON keys are the issue's.</summary>
public sealed record PhaseResult
{
    [JsonPropertyName("system")] public required string System { get; init; }

    [JsonPropertyName("rate_target")] public required int RateTarget { get; init; }

    [JsonPropertyName("rate_achieved")] public required double RateAchieved { get; init; }

    [JsonPropertyName("sent")] public required long Sent { get; init; }

    /// <summary>Items in the worker's signal table after the run (a full COUNT scan).</summary>
    [JsonPropertyName("signals")] public required long Signals { get; init; }

    [JsonPropertyName("lost")] public required long Lost { get; init; }

    /// <summary>Extra decisions of a transaction already decided, plus signals for ids the bench never sent.</summary>
    [JsonPropertyName("duplicates")] public required long Duplicates { get; init; }

    /// <summary>
    /// With several silo workers only: transactions decided again by another worker after a partition changed hands
    /// (replayed from the last committed offset, idempotent on the signal table's key), not duplicates.
    /// </summary>
    [JsonPropertyName("replayed")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Replayed { get; init; }

    [JsonPropertyName("decision_p50_ms")] public required double DecisionP50Ms { get; init; }

    [JsonPropertyName("decision_p99_ms")] public required double DecisionP99Ms { get; init; }

    [JsonPropertyName("decision_p999_ms")] public required double DecisionP999Ms { get; init; }

    [JsonPropertyName("decision_max_ms")] public required double DecisionMaxMs { get; init; }

    [JsonPropertyName("durable_p50_ms")] public required double DurableP50Ms { get; init; }

    [JsonPropertyName("durable_p99_ms")] public required double DurableP99Ms { get; init; }

    [JsonPropertyName("durable_p999_ms")] public required double DurableP999Ms { get; init; }

    [JsonPropertyName("durable_max_ms")] public required double DurableMaxMs { get; init; }

    /// <summary>CPU of the worker process alone (silo, or Python peer) over the steady window, per transaction decided in it.</summary>
    [JsonPropertyName("silo_cpu_us_per_event")] public required double WorkerCpuUsPerEvent { get; init; }

    [JsonPropertyName("peak_rss_mb")] public required double PeakRssMb { get; init; }

    /// <summary>The same percentiles over every transaction of the run, warm-up included.</summary>
    [JsonPropertyName("whole_run")] public required WholeRun All { get; init; }

    [JsonPropertyName("steady_window_s")] public required double[] SteadyWindowSeconds { get; init; }

    /// <summary>CPU of the bench process (load generator + Kafka mock broker) per transaction sent in the steady window.</summary>
    [JsonPropertyName("loadgen_kafka_cpu_us_per_event")] public required double BenchCpuUsPerEvent { get; init; }

    [JsonPropertyName("dynamodb_local_cpu_us_per_event")] public required double DynamoDbCpuUsPerEvent { get; init; }

    /// <summary>Cores used by each over the steady window: worker, bench (generator + Kafka mock), DynamoDB Local.</summary>
    [JsonPropertyName("cores_worker_bench_dynamodb")] public required double[] Cores { get; init; }

    /// <summary>Sent − decided at the start and end of the steady window, and its maximum in it.</summary>
    [JsonPropertyName("lag_start_end_max")] public required long[] Lag { get; init; }

    [JsonPropertyName("lag_growing")] public required bool LagGrowing { get; init; }

    /// <summary>Random transaction ids read back from the signal table: how many were asked, how many were missing or malformed.</summary>
    [JsonPropertyName("readback_sample")] public required long ReadBackSample { get; init; }

    [JsonPropertyName("readback_missing")] public required long ReadBackMissing { get; init; }

    /// <summary>With several silo workers: the gateways' card grain calls and how many crossed silos.</summary>
    [JsonPropertyName("cross_silo_grain_calls")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CrossSiloCalls? CrossSilo { get; init; }

    /// <summary>The durable card states (grain state table) against the transactions sent: silo phases only.</summary>
    [JsonPropertyName("card_totals")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CardTotals? CardTotals { get; init; }

    /// <summary>With --kill-at: the silo killed mid-run and how long its cards went undecided.</summary>
    [JsonPropertyName("failover")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Failover? Failover { get; init; }

    /// <summary>With --dynamodb-faults: what the fault proxy injected, and the drain after it stopped.</summary>
    [JsonPropertyName("dynamodb_faults")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DynamoDbFaultRun? DynamoDbFaults { get; init; }

    /// <summary>With --scale: each step's silo counts and how long the live silos took to share every partition again.</summary>
    [JsonPropertyName("scaling")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ScaleStep>? Scaling { get; init; }

    /// <summary>Silo phases: the worker's resident set once it was ready, before the load (the base of memory per active card).</summary>
    [JsonPropertyName("rss_at_ready_mb")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? RssAtReadyMb { get; init; }

    /// <summary>Silo phases: items in the review table after the run (a COUNT scan): the review cases of REVIEW and BLOCK decisions.</summary>
    [JsonPropertyName("review_items")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? ReviewItems { get; init; }

    /// <summary>With --hot-card-rate: the hot card's throughput and the decision p99 of it and of the other cards.</summary>
    [JsonPropertyName("hot_card")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public HotCard? HotCard { get; init; }

    /// <summary>Silo phases: each worker's peak active cards, partitions at the end and peak resident set.</summary>
    [JsonPropertyName("silo_spread")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<SiloSpread>? Spread { get; init; }

    public sealed record WholeRun(
        [property: JsonPropertyName("decision_p50_ms")] double DecisionP50Ms,
        [property: JsonPropertyName("decision_p99_ms")] double DecisionP99Ms,
        [property: JsonPropertyName("decision_p999_ms")] double DecisionP999Ms,
        [property: JsonPropertyName("durable_p50_ms")] double DurableP50Ms,
        [property: JsonPropertyName("durable_p99_ms")] double DurableP99Ms,
        [property: JsonPropertyName("durable_p999_ms")] double DurableP999Ms,
        [property: JsonPropertyName("durable_max_ms")] double DurableMaxMs,
        [property: JsonPropertyName("cpu_us_per_event")] double WorkerCpuUsPerEvent);
}
