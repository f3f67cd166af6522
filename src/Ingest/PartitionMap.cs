namespace Fraud.Orleans.Ingest;

/// <summary>
/// Which partitions of the transactions topic this silo owns right now, and how many the topic has: grain
/// placement as the rest of the silo sees it (the runtime, the API, the membership heartbeat).
/// </summary>
public sealed class PartitionMap
{
    private readonly Lock _lock = new();
    private readonly SortedSet<int> _owned = [];
    private int _count;

    /// <summary>Partitions of the topic, learned from metadata when the gateway starts; 0 until then.</summary>
    public int Count
    {
        get => Volatile.Read(ref _count);
        internal set => Volatile.Write(ref _count, value);
    }

    public IReadOnlyList<int> Owned
    {
        get
        {
            lock (_lock)
            {
                return [.. _owned];
            }
        }
    }

    /// <summary>The card's partition, or -1 while the partition count is unknown.</summary>
    public int PartitionOf(string cardId) => Count is var count and > 0 ? CardPartitioner.PartitionOf(cardId, count) : -1;

    public bool Owns(int partition)
    {
        lock (_lock)
        {
            return _owned.Contains(partition);
        }
    }

    internal void Add(IEnumerable<int> partitions)
    {
        lock (_lock)
        {
            _owned.UnionWith(partitions);
        }
    }

    internal void Remove(IEnumerable<int> partitions)
    {
        lock (_lock)
        {
            _owned.ExceptWith(partitions);
        }
    }
}
