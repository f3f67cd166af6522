using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fraud.Orleans.Cli.Capacity;

/// <summary>
/// The checked-in constants of the capacity model (<c>bench/capacity.json</c>): measured ones, which <c>fraud bench</c>
/// rewrites from its results, prices with their date, and the settings and assumptions the model is computed for.
/// Every one names its source; the model reads nothing else.
/// </summary>
public sealed class CapacityConstants
{
    public const string DefaultPath = "bench/capacity.json";

    /// <summary>Every constant the model needs; a file missing one is refused rather than guessed.</summary>
    public static readonly IReadOnlyList<string> Required =
    [
        "silo_cpu_us_per_event", "silo_base_memory_mb", "memory_per_active_card_kb", "state_bytes_per_event", "state_item_bytes_mean",
        "review_items_per_transaction", "hot_card_ceiling_tx_s", "dynamodb_wru_usd_per_million", "dynamodb_rru_usd_per_million",
        "dynamodb_table_wru_per_s_quota", "silo_vcpu", "silo_memory_gb", "target_cpu_utilisation", "target_memory_utilisation", "checkpoint_interval_s",
        "session_timeout_s", "idle_timeout_s", "card_transactions_per_day", "max_events_kept", "retention_days",
    ];

    private readonly IReadOnlyDictionary<string, CapacityConstant> _constants;

    private CapacityConstants(IReadOnlyDictionary<string, CapacityConstant> constants) => _constants = constants;

    public CapacityConstant this[string name] => _constants[name];

    public double Value(string name) => _constants[name].Value;

    public IEnumerable<KeyValuePair<string, CapacityConstant>> All => _constants;

    public static CapacityConstants Parse(string json)
    {
        var constants = new Dictionary<string, CapacityConstant>(StringComparer.Ordinal);
        try
        {
            var root = JsonNode.Parse(json)?["constants"] as JsonObject ?? throw new InvalidDataException("no \"constants\" object");
            foreach (var (name, node) in root)
            {
                constants[name] = node.Deserialize<CapacityConstant>() ?? throw new InvalidDataException($"constant {name} is null");
            }
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"not the constants' JSON: {ex.Message}", ex);
        }

        var missing = Required.Where(n => !constants.ContainsKey(n)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"missing constants: {string.Join(", ", missing)}");
        }

        var bad = constants.Where(c => !double.IsFinite(c.Value.Value) || c.Value.Value < 0 || string.IsNullOrWhiteSpace(c.Value.Source)).Select(c => c.Key).ToList();
        if (bad.Count > 0)
        {
            throw new InvalidDataException($"constants without a finite, non-negative value or without a source: {string.Join(", ", bad)}");
        }

        return new CapacityConstants(constants);
    }

    /// <summary>These constants with <paramref name="overrides"/> in place of theirs, each sourced to the command line.</summary>
    public CapacityConstants With(IReadOnlyDictionary<string, double> overrides)
    {
        var constants = new Dictionary<string, CapacityConstant>(_constants, StringComparer.Ordinal);
        foreach (var (name, value) in overrides)
        {
            constants[name] = constants[name] with { Value = value, Source = "--set on the command line (a what-if)", Note = null };
        }

        return new CapacityConstants(constants);
    }

    public static CapacityConstants Load(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"{path}: {ex.Message}", ex);
        }
    }
}
