using System.Collections.Concurrent;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Silo.Pipeline;

namespace Fraud.Orleans.Tests.HotCards;

/// <summary>
/// Every decision a silo reports, timed from its record's Kafka timestamp (the producer's wall clock at send) to the
/// report, and counted per transaction: a second report of one id is a transaction decided twice. The wall clock of
/// each first decision says how far a partition's decided prefix had come at any moment.
/// </summary>
public sealed class DecisionLatencies : ISignalObserver
{
    private readonly ConcurrentDictionary<long, int> _decisions = new();
    private readonly ConcurrentDictionary<long, (string Card, double Ms, long AtUnixMs)> _first = new();

    public int Distinct => _first.Count;

    public int Repeated => _decisions.Values.Sum(n => n - 1);

    public void OnDecided(in FraudSignal signal, long traceTimeMs)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        _decisions.AddOrUpdate(signal.TransactionId, 1, (_, n) => n + 1);
        _first.TryAdd(signal.TransactionId, (signal.CardId, now - traceTimeMs, now));
    }

    public void OnDurable(in FraudSignal signal, long traceTimeMs)
    {
    }

    /// <summary>How many of <paramref name="ordered"/> (a partition's transactions in offset order) were decided, each and every one before them, by <paramref name="atUnixMs"/>.</summary>
    public int DecidedPrefix(IReadOnlyList<long> ordered, long atUnixMs)
    {
        var n = 0;
        while (n < ordered.Count && _first.TryGetValue(ordered[n], out var first) && first.AtUnixMs <= atUnixMs)
        {
            n++;
        }

        return n;
    }

    /// <summary>The <paramref name="quantile"/> of the decision latencies (ms) of the cards <paramref name="include"/> picks; NaN for none.</summary>
    public double Quantile(Func<string, bool> include, double quantile)
    {
        var sorted = _first.Values.Where(v => include(v.Card)).Select(v => v.Ms).Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)];
    }
}
