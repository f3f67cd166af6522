using System.Collections.Concurrent;
using System.Diagnostics;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Silo.Pipeline;

namespace Fraud.Orleans.Tests.Cluster;

/// <summary>
/// Counts durable signals across a test cluster, and after a silo is killed, clocks the first signal of a
/// card that lived on it decided by another silo (the failover time).
/// </summary>
public sealed class SignalWatch(int partitions)
{
    private readonly ConcurrentDictionary<long, byte> _durable = new();
    private readonly ConcurrentDictionary<long, byte> _decided = new();
    private volatile HashSet<int>? _moved;
    private string? _victim;
    private long _killedAt;
    private long _firstMovedDecided;
    private long _firstMovedDurable;

    public int DistinctDurable => _durable.Count;

    public int DistinctDecided => _decided.Count;

    public bool IsDurable(long transactionId) => _durable.ContainsKey(transactionId);

    public ISignalObserver For(string siloId) => new Observer(this, siloId);

    public void Killed(string siloId, IEnumerable<int> movedPartitions)
    {
        _victim = siloId;
        Volatile.Write(ref _killedAt, Stopwatch.GetTimestamp());
        _moved = [.. movedPartitions];
    }

    public TimeSpan? FailoverToDecision => Since(Volatile.Read(ref _firstMovedDecided));

    public TimeSpan? FailoverToDurable => Since(Volatile.Read(ref _firstMovedDurable));

    private TimeSpan? Since(long at) => at == 0 ? null : Stopwatch.GetElapsedTime(Volatile.Read(ref _killedAt), at);

    private void Seen(string silo, in FraudSignal signal, ref long first)
    {
        if (_moved is { } moved && silo != _victim && Volatile.Read(ref first) == 0
            && moved.Contains(CardPartitioner.PartitionOf(signal.CardId, partitions)))
        {
            Interlocked.CompareExchange(ref first, Stopwatch.GetTimestamp(), 0);
        }
    }

    private sealed class Observer(SignalWatch watch, string silo) : ISignalObserver
    {
        public void OnDecided(in FraudSignal signal, long traceTimeMs)
        {
            watch._decided.TryAdd(signal.TransactionId, 0);
            watch.Seen(silo, signal, ref watch._firstMovedDecided);
        }

        public void OnDurable(in FraudSignal signal, long traceTimeMs)
        {
            watch._durable.TryAdd(signal.TransactionId, 0);
            watch.Seen(silo, signal, ref watch._firstMovedDurable);
        }
    }
}
