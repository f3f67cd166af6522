using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fraud.Orleans.Cli.Bench;

/// <summary>
/// The line a worker (silo or Python peer) prints on stdout twice a second:
/// <c>@status {"ready":true,"decided":N,"durable":N,"time_ms":UNIX_MS}</c>, the counts as of its wall clock time_ms.
/// A silo worker adds its gateway's card grain calls, how many of them crossed silos (<c>GrainCallMetrics</c>)
/// the partitions it owns and its active card grains; the peer has none of these. Everything else a worker prints is its own log; the
/// prefix keeps the two apart.
/// </summary>
public sealed record WorkerStatus(
    [property: JsonPropertyName("ready")] bool Ready,
    [property: JsonPropertyName("decided")] long Decided,
    [property: JsonPropertyName("durable")] long Durable,
    [property: JsonPropertyName("time_ms")] long TimeMs,
    [property: JsonPropertyName("grain_calls")] long GrainCalls = 0,
    [property: JsonPropertyName("grain_calls_remote")] long GrainCallsRemote = 0,
    [property: JsonPropertyName("partitions")] IReadOnlyList<int>? Partitions = null,
    [property: JsonPropertyName("cards_active")] int CardsActive = 0)
{
    public const string Prefix = "@status ";

    public string ToLine() => Prefix + JsonSerializer.Serialize(this);

    /// <summary>The status a line carries, or null when it is log output.</summary>
    public static WorkerStatus? Parse(string line) =>
        line.StartsWith(Prefix, StringComparison.Ordinal) ? JsonSerializer.Deserialize<WorkerStatus>(line.AsSpan(Prefix.Length)) : null;
}
