using System.Diagnostics;
using Fraud.Orleans.Silo.Cards;

namespace Fraud.Orleans.Tests.Cluster;

/// <summary>
/// Every card activation of every silo in a test cluster, as an interval on one process-wide clock, so a test
/// can check that no card was live on two silos at the same moment.
/// </summary>
public sealed class PlacementLog
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Silo, string Key), long> _open = [];
    private readonly List<ActivationInterval> _closed = [];

    private readonly List<string> _ownership = [];
    private readonly HashSet<string> _gone = [];

    public IActivationObserver For(string siloId) => new Observer(this, siloId);

    /// <summary>Records the silo's partition assignments and releases, to explain an overlap.</summary>
    public Fraud.Orleans.Ingest.IPartitionLifecycle OwnershipOf(string siloId) => new Ownership(this, siloId);

    public string OwnershipHistory
    {
        get
        {
            lock (_lock)
            {
                return string.Join(Environment.NewLine, _ownership);
            }
        }
    }

    /// <summary>A silo stopped or was killed: whatever it still had live ends now.</summary>
    public void CloseAll(string siloId)
    {
        var now = Stopwatch.GetTimestamp();
        lock (_lock)
        {
            // A killed silo's process is gone: a turn that was already past the crash switch activates nothing real.
            _gone.Add(siloId);
            foreach (var open in _open.Where(o => o.Key.Silo == siloId).ToList())
            {
                _closed.Add(new ActivationInterval(siloId, open.Key.Key, open.Value, now));
                _open.Remove(open.Key);
            }
        }
    }

    public int ActivationCount
    {
        get
        {
            lock (_lock)
            {
                return _closed.Count + _open.Count;
            }
        }
    }

    /// <summary>Pairs of intervals of one card on two different silos that overlap in time.</summary>
    public List<(ActivationInterval First, ActivationInterval Second)> Overlaps()
    {
        var now = Stopwatch.GetTimestamp();
        List<ActivationInterval> all;
        lock (_lock)
        {
            all = [.. _closed, .. _open.Select(o => new ActivationInterval(o.Key.Silo, o.Key.Key, o.Value, now))];
        }

        var overlaps = new List<(ActivationInterval, ActivationInterval)>();
        foreach (var card in all.GroupBy(i => i.Key))
        {
            var ordered = card.OrderBy(i => i.Start).ToList();
            for (var i = 0; i < ordered.Count; i++)
            {
                for (var j = i + 1; j < ordered.Count && ordered[j].Start < ordered[i].End; j++)
                {
                    if (ordered[j].Silo != ordered[i].Silo)
                    {
                        overlaps.Add((ordered[i], ordered[j]));
                    }
                }
            }
        }

        return overlaps;
    }

    private void Opened(string silo, string key)
    {
        var now = Stopwatch.GetTimestamp();
        lock (_lock)
        {
            if (!_gone.Contains(silo))
            {
                _open[(silo, key)] = now;
            }
        }
    }

    private void Closed(string silo, string key)
    {
        var now = Stopwatch.GetTimestamp();
        lock (_lock)
        {
            if (_open.Remove((silo, key), out var start))
            {
                _closed.Add(new ActivationInterval(silo, key, start, now));
            }
        }
    }

    private void Owned(string silo, string what)
    {
        lock (_lock)
        {
            _ownership.Add($"{Stopwatch.GetTimestamp() / (Stopwatch.Frequency / 1000)} {silo} {what}");
        }
    }

    private sealed class Ownership(PlacementLog log, string silo) : Fraud.Orleans.Ingest.IPartitionLifecycle
    {
        public void OnAssigned(IReadOnlyList<int> partitions) => log.Owned(silo, $"assigned [{string.Join(",", partitions)}]");

        public void OnReleased(IReadOnlyList<int> partitions, bool durable) => log.Owned(silo, $"released [{string.Join(",", partitions)}] {(durable ? "durable" : "discarded")}");
    }

    private sealed class Observer(PlacementLog log, string silo) : IActivationObserver
    {
        public void OnActivated(string grainType, string key, int partition) => log.Opened(silo, key);

        public void OnDeactivated(string grainType, string key, int partition) => log.Closed(silo, key);
    }
}

public readonly record struct ActivationInterval(string Silo, string Key, long Start, long End)
{
    public override string ToString() => $"{Silo} {Key} {Start / (Stopwatch.Frequency / 1000)}..{End / (Stopwatch.Frequency / 1000)} ms";
}
