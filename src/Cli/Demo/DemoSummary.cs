using System.Globalization;
using Fraud.Orleans.Cli.Metrics;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Silo.Cards;

namespace Fraud.Orleans.Cli.Demo;

internal sealed record DemoSummary(
    PipelineObserver Observer, IngestMetrics Metrics, CardActivations Cards, long Sent, double SendSeconds, int Rate, long StoredSignals)
{
    public void Print()
    {
        var inv = CultureInfo.InvariantCulture;
        new SummaryTable("Summary", "", "", "")
            .Row("transactions sent", Sent.ToString("N0", inv), string.Create(inv, $"{Sent / Math.Max(SendSeconds, 0.001):N0} tx/s achieved, {Rate:N0} targeted"))
            .Row("signals in DynamoDB", StoredSignals.ToString("N0", inv), string.Create(inv, $"{Sent - StoredSignals:N0} missing"))
            .Row("decisions", "", string.Create(inv, $"approve {Observer.Approved:N0} | review {Observer.Reviewed:N0} | block {Observer.Blocked:N0}"))
            .Row("produce→decision ms", "", Line(Observer.Decided))
            .Row("produce→durable ms", "", Line(Observer.Durable))
            .Row("dead-lettered", Metrics.DeadLettered.ToString("N0", inv), "")
            .Row("offsets committed", Metrics.CommittedRecords.ToString("N0", inv), "so far; the rest commits as the silo stops")
            .Row("cards active", Cards.Count.ToString("N0", inv), "")
            .Write(Console.Out);
    }

    private static string Line(LatencyHistogram h) => string.Create(CultureInfo.InvariantCulture,
        $"p50 {h.PercentileMs(0.5):0.0} | p99 {h.PercentileMs(0.99):0.0} | p99.9 {h.PercentileMs(0.999):0.0} | max {h.MaxMs:0.0}");
}
