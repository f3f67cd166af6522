using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fraud.Orleans.Cli.Bench;

/// <summary>
/// The line a worker (silo or Python peer) prints on stdout twice a second:
/// <c>@status {"ready":true,"decided":N,"durable":N,"time_ms":UNIX_MS}</c>, the counts as of its wall clock time_ms.
/// Everything else a worker prints is its own log; the prefix keeps the two apart.
/// </summary>
public sealed record WorkerStatus(
    [property: JsonPropertyName("ready")] bool Ready,
    [property: JsonPropertyName("decided")] long Decided,
    [property: JsonPropertyName("durable")] long Durable,
    [property: JsonPropertyName("time_ms")] long TimeMs)
{
    public const string Prefix = "@status ";

    public string ToLine() => Prefix + JsonSerializer.Serialize(this);

    /// <summary>The status a line carries, or null when it is log output.</summary>
    public static WorkerStatus? Parse(string line) =>
        line.StartsWith(Prefix, StringComparison.Ordinal) ? JsonSerializer.Deserialize<WorkerStatus>(line.AsSpan(Prefix.Length)) : null;
}
