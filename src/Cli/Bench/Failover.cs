using System.Text.Json.Serialization;

namespace Fraud.Orleans.Cli.Bench;

/// <summary>
/// How long the cards of a killed silo went undecided: from the kill to the first decision, by a surviving
/// silo, of a transaction whose card's partition the killed silo owned (a replay of one it had decided, or a new
/// one), and to the first decision of such a transaction sent after the kill (the first a payments API waiting
/// on a moved card would see answered). Reassigned is when a survivor's status line first named one of the killed
/// silo's partitions as its own (status lines come every half second): the part of the failover that Kafka's session
/// timeout and rebalance take, before the new owner claims, loads and replays.
/// </summary>
public sealed record Failover(
    [property: JsonPropertyName("killed")] string Silo,
    [property: JsonPropertyName("at_s")] double AtSeconds,
    [property: JsonPropertyName("partitions")] IReadOnlyList<int> Partitions,
    [property: JsonPropertyName("reassigned_ms")] double? ReassignedMs,
    [property: JsonPropertyName("first_decision_ms")] double? FirstDecisionMs,
    [property: JsonPropertyName("first_decision_by")] string? FirstDecisionBy,
    [property: JsonPropertyName("first_new_decision_ms")] double? FirstNewDecisionMs,
    [property: JsonPropertyName("moved_decided_after_kill")] long MovedDecidedAfterKill)
{
    /// <param name="kill">The kill, with the partitions the killed silo owned.</param>
    /// <param name="survivors">Each surviving worker's name and latency rows (the decision's wall clock is trace time + decided latency).</param>
    /// <param name="partitionOf">The partition of a transaction id's card.</param>
    /// <param name="survivorStatuses">The surviving workers' status lines.</param>
    public static Failover Measure(
        SiloKill kill, IEnumerable<(string Worker, IEnumerable<LatencyRow> Rows)> survivors, Func<long, int> partitionOf, IEnumerable<WorkerStatus> survivorStatuses)
    {
        var moved = kill.Partitions.ToHashSet();
        var killUs = kill.UnixMs * 1000;
        var reassigned = survivorStatuses
            .Where(s => s.TimeMs >= kill.UnixMs && s.Partitions is { } owned && owned.Any(moved.Contains))
            .Select(s => (long?)s.TimeMs * 1000)
            .Min();
        long? first = null, firstNew = null;
        string? by = null;
        long count = 0;
        foreach (var (worker, rows) in survivors)
        {
            foreach (var row in rows)
            {
                var decidedAtUs = (row.TraceMs * 1000) + row.DecidedUs;
                if (row.DecidedUs < 0 || decidedAtUs < killUs || !moved.Contains(partitionOf(row.TransactionId)))
                {
                    continue;
                }

                count++;
                if (first is null || decidedAtUs < first)
                {
                    (first, by) = (decidedAtUs, worker);
                }

                if (row.TraceMs >= kill.UnixMs && (firstNew is null || decidedAtUs < firstNew))
                {
                    firstNew = decidedAtUs;
                }
            }
        }

        return new Failover(kill.Silo, Math.Round(kill.AtSeconds, 2), kill.Partitions, SinceKillMs(reassigned), SinceKillMs(first), by, SinceKillMs(firstNew), count);

        double? SinceKillMs(long? atUs) => atUs is { } us ? Math.Round((us - killUs) / 1000.0, 1) : null;
    }
}
