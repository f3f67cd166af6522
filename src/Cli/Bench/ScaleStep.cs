using System.Text.Json.Serialization;

namespace Fraud.Orleans.Cli.Bench;

/// <summary>One step of a <see cref="ScalePlan"/>: when it began, and how long until the live silos shared every partition again.</summary>
public sealed record ScaleStep(
    [property: JsonPropertyName("from")] int From,
    [property: JsonPropertyName("to")] int To,
    [property: JsonPropertyName("at_s")] double AtSeconds,
    [property: JsonPropertyName("settled_after_s")] double? SettledAfterSeconds);
