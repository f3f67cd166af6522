using System.Globalization;

namespace Fraud.Orleans.Cli.Demo;

/// <summary>One status line a second: for logs and CI, where a redrawn table would be noise.</summary>
internal sealed class DemoLines : IDemoView
{
    public void Show(DemoSnapshot s) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"[{s.Elapsed.TotalSeconds,5:0}s] sent {s.Sent,9:N0} | {s.SignalsPerSecond,6:N0} signals/s | decided {s.Decided,9:N0} | durable {s.Durable,9:N0} " +
        $"| last second produce→durable p50 {s.RecentP50Ms,6:0.0} ms p99 {s.RecentP99Ms,7:0.0} ms " +
        $"| approve {s.Approved:N0} review {s.Reviewed:N0} block {s.Blocked:N0} | cards {s.ActiveCards:N0} | dlq {s.DeadLettered}"));

    public void Note(string message) => Console.WriteLine(message);
}
