using System.Text.Json.Serialization;
using Fraud.Orleans.Cli.Metrics;

namespace Fraud.Orleans.Cli.Bench;

/// <summary>
/// With <c>--hot-card-rate</c>: one card carried that share of the stream. Its throughput (its transactions over the
/// time from its first send to its last decision: the grain's ceiling when it could not keep up) and the decision p99
/// of the hot card, of the other cards of its partition, and of the cards of the other partitions (the same silo).
/// </summary>
public sealed record HotCard(
    [property: JsonPropertyName("card")] string Card,
    [property: JsonPropertyName("partition")] int Partition,
    [property: JsonPropertyName("rate_offered")] double RateOffered,
    [property: JsonPropertyName("sent")] long Sent,
    [property: JsonPropertyName("throughput_tx_s")] double ThroughputPerSecond,
    [property: JsonPropertyName("saturated")] bool Saturated,
    [property: JsonPropertyName("decision_p99_ms")] double DecisionP99Ms,
    [property: JsonPropertyName("partition_others_decision_p99_ms")] double PartitionOthersP99Ms,
    [property: JsonPropertyName("other_partitions_decision_p99_ms")] double OtherPartitionsP99Ms)
{
    public const string CardId = "hot-card";

    /// <summary>Below this share of the offered rate the hot card fell behind: its throughput is its grain's ceiling.</summary>
    private const double KeptUp = 0.95;

    /// <summary>
    /// <paramref name="group"/> says of each sent id 0 (the hot card), 1 (another card of its partition) or 2 (a card
    /// of another partition); the p99s cover the whole run, every transaction counted (never decided: 100 s).
    /// </summary>
    public static HotCard Measure(MergedRows rows, long sent, Func<long, int> group, int partition, double rateOffered)
    {
        var histograms = new[] { LatencyHistogram.SingleThreaded(), LatencyHistogram.SingleThreaded(), LatencyHistogram.SingleThreaded() };
        long hotSent = 0, hot = 0, firstSendMs = long.MaxValue, lastDecidedMs = long.MinValue;
        for (var id = 0L; id < sent; id++)
        {
            var g = group(id);
            histograms[g].RecordMicros(rows.DecidedUs[id]);
            hotSent += g == 0 ? 1 : 0;
            if (g == 0 && rows.Seen[id])
            {
                hot++;
                firstSendMs = Math.Min(firstSendMs, rows.TraceMs[id]);
                lastDecidedMs = Math.Max(lastDecidedMs, rows.TraceMs[id] + (rows.DecidedUs[id] / 1000));
            }
        }

        var throughput = hot < 2 ? 0 : hot / Math.Max(0.001, (lastDecidedMs - firstSendMs) / 1000.0);
        return new HotCard(CardId, partition, rateOffered, hotSent, Math.Round(throughput, 1), throughput < KeptUp * rateOffered,
            Math.Round(histograms[0].PercentileMs(0.99), 2), Math.Round(histograms[1].PercentileMs(0.99), 2), Math.Round(histograms[2].PercentileMs(0.99), 2));
    }
}
