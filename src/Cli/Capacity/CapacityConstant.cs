using System.Text.Json.Serialization;

namespace Fraud.Orleans.Cli.Capacity;

/// <summary>One figure of the capacity model with where it comes from: the command that measured it (or the price list, or the setting) and when.</summary>
public sealed record CapacityConstant(
    [property: JsonPropertyName("value")] double Value,
    [property: JsonPropertyName("unit")] string Unit,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("date")] string Date,
    [property: JsonPropertyName("note")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    string? Note = null);
