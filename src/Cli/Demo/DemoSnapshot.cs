using Fraud.Orleans.Cli.Metrics;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Silo.Cards;

namespace Fraud.Orleans.Cli.Demo;

/// <summary>The demo's figures at one second: what both views (live table, plain lines) show.</summary>
internal sealed record DemoSnapshot(
    TimeSpan Elapsed, long Sent, long SignalsPerSecond, long Decided, long Durable, double RecentP50Ms, double RecentP99Ms,
    long Approved, long Reviewed, long Blocked, int ActiveCards, long DeadLettered)
{
    /// <summary>Takes one snapshot a second from the silo's instruments (the last-second latencies reset on each).</summary>
    public sealed class Source(PipelineObserver observer, IngestMetrics metrics, CardActivations cards)
    {
        private long _lastDurable;

        public DemoSnapshot Take(TimeSpan elapsed, long sent)
        {
            var durable = observer.Durable.Count;
            var recent = observer.TakeRecentDurable();
            var perSecond = durable - _lastDurable;
            _lastDurable = durable;
            return new DemoSnapshot(
                elapsed, sent, perSecond, observer.Decided.Count, durable, recent.PercentileMs(0.5), recent.PercentileMs(0.99),
                observer.Approved, observer.Reviewed, observer.Blocked, cards.Count, metrics.DeadLettered);
        }
    }
}
