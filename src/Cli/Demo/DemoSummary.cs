using System.Globalization;
using Fraud.Orleans.Cli.Metrics;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Silo.Runtime;

namespace Fraud.Orleans.Cli.Demo;

internal sealed record DemoSummary(
    PipelineObserver Observer, IngestMetrics Metrics, GrainRuntime Grains, long Sent, double SendSeconds, int Rate, long StoredSignals)
{
    public void Print()
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine("Summary");
        Console.WriteLine(string.Create(inv, $"  transactions sent       {Sent,12:N0}  ({Sent / Math.Max(SendSeconds, 0.001):N0} tx/s achieved, {Rate:N0} targeted)"));
        Console.WriteLine(string.Create(inv, $"  signals in DynamoDB     {StoredSignals,12:N0}  ({Sent - StoredSignals:N0} missing)"));
        Console.WriteLine(string.Create(inv, $"  decisions               approve {Observer.Approved:N0} | review {Observer.Reviewed:N0} | block {Observer.Blocked:N0}"));
        Console.WriteLine(string.Create(inv, $"  produce→decision  ms    {Line(Observer.Decided)}"));
        Console.WriteLine(string.Create(inv, $"  produce→durable   ms    {Line(Observer.Durable)}"));
        Console.WriteLine(string.Create(inv, $"  dead-lettered           {Metrics.DeadLettered,12:N0}"));
        Console.WriteLine(string.Create(inv, $"  offsets committed       {Metrics.CommittedRecords,12:N0}  (so far; the rest commits as the silo stops)"));
        Console.WriteLine(string.Create(inv, $"  cards active            {Grains.ActiveCards,12:N0}"));
    }

    private static string Line(LatencyHistogram h) => string.Create(CultureInfo.InvariantCulture,
        $"p50 {h.PercentileMs(0.5):0.0} | p99 {h.PercentileMs(0.99):0.0} | p99.9 {h.PercentileMs(0.999):0.0} | max {h.MaxMs:0.0}");
}
