using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fraud.Orleans.Cli.Bench;
using Fraud.Orleans.Grains;

namespace Fraud.Orleans.Cli.Capacity;

/// <summary>
/// Writes what a bench run measured into the capacity model's constants (<c>bench/capacity.json</c>), each with the
/// command line that measured it and the date, leaving the file's other constants (prices, settings) as they are.
/// Only a plain run refreshes it: one silo, a fixed rate, no injected faults, no kill.
/// </summary>
public static class CapacityRefresh
{
    // µ, ≥ and quotes as they are: the file is read by people as much as by the model.
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The lowest rate whose CPU per event the model may take. Most of a silo's work is paid per batch (Kafka
    /// fetches, signal writes, checkpoints, grain turns), so its cost per event falls with its rate: 9,074 µs at
    /// 20 tx/s, 353 at 1,000 and 105 at 4,000 (BENCHMARKS.md). A slower run would size silos several times over.
    /// </summary>
    public const int MinRateForCpu = 4_000;

    /// <summary>
    /// A run whose decisions waited longer than this was behind: a backlog fills every batch and makes an event look
    /// cheaper than it is on a silo that keeps up (4,000 tx/s runs that kept up: p99 about 130 ms; saturated: seconds).
    /// </summary>
    public const double MaxDecisionP99MsForCpu = 1_000;

    public static bool Applies(BenchOptions options) =>
        options.Silos == 1 && !options.Ramp && options.DynamoDbFaults is null && options.KillAtSeconds is null;

    /// <summary>
    /// The constants <paramref name="silo"/> measured, by name. A run with a hot card measures only its ceiling (and
    /// that only when the card could not keep up): its stream is not the ordinary one the other figures are for.
    /// </summary>
    public static IReadOnlyDictionary<string, (double Value, string Unit, string? Note)> Measured(PhaseResult silo)
    {
        if (silo.HotCard is { } hot)
        {
            return hot.Saturated
                ? new Dictionary<string, (double, string, string?)> { ["hot_card_ceiling_tx_s"] = (Math.Round(hot.ThroughputPerSecond, 1), "tx/s through one card grain", $"offered {hot.RateOffered:0} tx/s, it fell behind") }
                : new Dictionary<string, (double, string, string?)>();
        }

        var measured = new Dictionary<string, (double, string, string?)>(StringComparer.Ordinal)
        {
            ["state_bytes_per_event"] = (CardStateSerializer.BytesPerEvent, "bytes per kept event", "CardStateSerializer's fixed-size event record"),
        };
        if (silo.RateTarget >= MinRateForCpu && silo.Lost == 0 && !silo.LagGrowing && silo.DecisionP99Ms < MaxDecisionP99MsForCpu)
        {
            measured["silo_cpu_us_per_event"] = (Math.Round(silo.WorkerCpuUsPerEvent, 2), "µs CPU per transaction", "the silo process over the steady window, Kafka to DynamoDB");
        }

        if (silo.RssAtReadyMb is { } ready)
        {
            measured["silo_base_memory_mb"] = (Math.Round(ready, 1), "MB", "resident set of the ready silo before the load");
            if (silo.CardTotals is { Cards: > 0 } totals)
            {
                measured["memory_per_active_card_kb"] = (Math.Round(Math.Max(0, silo.PeakRssMb - ready) * 1024 / totals.Cards, 1), "KB per active card",
                    $"(peak RSS − RSS at ready) / {totals.Cards:N0} active cards, GC headroom included");
            }
        }

        if (silo.CardTotals?.StateItemBytesMean is { } stateBytes)
        {
            measured["state_item_bytes_mean"] = (Math.Round(stateBytes, 1), "bytes", "mean serialized card state in the bench (its cards' events)");
        }

        if (silo.ReviewItems is { } reviews && silo.Sent > 0)
        {
            measured["review_items_per_transaction"] = (Math.Round((double)reviews / silo.Sent, 4), "items per transaction", "review cases (REVIEW and BLOCK) over transactions sent");
        }

        return measured;
    }

    /// <summary>Rewrites <paramref name="path"/> with <paramref name="measured"/>; returns the names refreshed.</summary>
    public static IReadOnlyList<string> Write(string path, IReadOnlyDictionary<string, (double Value, string Unit, string? Note)> measured, string command, DateTimeOffset now)
    {
        var root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new InvalidDataException($"{path}: not a JSON object");
        var constants = root["constants"] as JsonObject ?? throw new InvalidDataException($"{path}: no \"constants\" object");
        foreach (var (name, (value, unit, note)) in measured)
        {
            constants[name] = new JsonObject
            {
                ["value"] = value,
                ["unit"] = unit,
                ["source"] = command,
                ["date"] = now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["note"] = note,
            };
        }

        File.WriteAllText(path, root.ToJsonString(Json) + Environment.NewLine);
        return [.. measured.Keys];
    }
}
