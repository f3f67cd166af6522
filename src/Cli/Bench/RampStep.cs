using System.Text.Json.Serialization;

namespace Fraud.Orleans.Cli.Bench;

/// <summary>
/// One step of a ramp: a system at one rate for a warm-up and a steady window, and whether it sustained the rate
/// there (issue #5): durable p99 at most <see cref="MaxDurableP99Ms"/>, consumer lag not growing, nothing lost.
/// </summary>
public sealed record RampStep(
    [property: JsonPropertyName("rate")] int Rate,
    [property: JsonPropertyName("sustained")] bool Sustained,
    [property: JsonPropertyName("durable_p99_ms")] double DurableP99Ms,
    [property: JsonPropertyName("lag_growing")] bool LagGrowing,
    [property: JsonPropertyName("lost")] long Lost,
    [property: JsonPropertyName("duplicates")] long Duplicates,
    [property: JsonPropertyName("rate_achieved")] double RateAchieved,
    [property: JsonPropertyName("cpu_us_per_event")] double CpuUsPerEvent)
{
    public const double MaxDurableP99Ms = 500;

    /// <summary>Why the step produced no figures (a worker that failed, a table scan that timed out); null when it did.</summary>
    [JsonPropertyName("error")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Error { get; init; }

    public static RampStep Of(PhaseResult result) => new(
        result.RateTarget,
        result.DurableP99Ms <= MaxDurableP99Ms && !result.LagGrowing && result.Lost == 0,
        result.DurableP99Ms, result.LagGrowing, result.Lost, result.Duplicates, result.RateAchieved, result.WorkerCpuUsPerEvent);

    /// <summary>A step that broke down counts as not sustained: at an overload that is what breaking down means.</summary>
    public static RampStep Failed(int rate, string error) =>
        new(rate, false, double.NaN, true, 0, 0, double.NaN, double.NaN) { Error = error };
}
