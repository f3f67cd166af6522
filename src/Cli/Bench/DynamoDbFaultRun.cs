using System.Text.Json.Serialization;
using Fraud.Orleans.Embedded;

namespace Fraud.Orleans.Cli.Bench;

/// <summary>
/// What the fault proxy of a silo phase did (--dynamodb-faults) and how the silo came out of it. The SDK client
/// retries nothing itself, so each throttle, error or dropped connection is one retry by the silo, with its backoff.
/// </summary>
public sealed record DynamoDbFaultRun(
    [property: JsonPropertyName("spec")] string Spec,
    [property: JsonPropertyName("on_s")] double? OnSeconds,
    [property: JsonPropertyName("off_s")] double? OffSeconds,
    [property: JsonPropertyName("requests")] long Requests,
    [property: JsonPropertyName("requests_while_on")] long RequestsWhileOn,
    [property: JsonPropertyName("throttled")] long Throttled,
    [property: JsonPropertyName("errors")] long Errors,
    [property: JsonPropertyName("dropped")] long Dropped,
    [property: JsonPropertyName("slowed")] long Slowed,
    [property: JsonPropertyName("backlog_at_off")] long? BacklogAtOff,
    [property: JsonPropertyName("backlog_durable_after_off_s")] double? BacklogDurableAfterOffSeconds,
    [property: JsonPropertyName("all_committed_after_off_s")] double? CommittedAfterOffSeconds)
{
    /// <param name="committedAtSeconds">When every signal was durable and every offset committed (a checkpoint's doing), if it came.</param>
    public static DynamoDbFaultRun Of(DynamoDbFaultSchedule schedule, DynamoDbFaultCounts counts, double? committedAtSeconds)
    {
        return new(
            schedule.Plan.Spec, schedule.OnAt, schedule.OffAt, counts.Requests,
            (schedule.CountsAtOff ?? counts).Requests - (schedule.CountsAtOn?.Requests ?? counts.Requests), counts.Throttled, counts.Errors, counts.Dropped, counts.Slowed,
            schedule.BacklogAtOff, After(schedule.BacklogDrainedAt), After(committedAtSeconds));

        double? After(double? at) => at is { } done && schedule.OffAt is { } off ? Math.Round(Math.Max(0, done - off), 2) : null;
    }
}
