using Confluent.Kafka;

namespace Fraud.Orleans.Ingest;

/// <summary>
/// Fencing as the gateway sees it: a partition whose state another owner has overwritten is dropped at once, and one
/// the group goes on assigning here anyway is handed back to the group to decide again.
/// </summary>
public sealed partial class KafkaIngestGateway
{
    private readonly List<int> _toPause = [];

    // Dropped partitions (guarded by _partitionsLock) and when: the group may never take them from this silo.
    private readonly Dictionary<int, long> _fencedAt = [];

    // Poll thread only: left the group to rejoin it, once the revocation has emptied the assignment.
    private bool _rejoining;

    /// <summary>
    /// Fenced: another silo wrote state of a grain on this partition, so it owns the partition now. Stop at once
    /// (records already fetched are skipped, nothing more is committed for it) and discard its grains; the
    /// poll loop pauses its fetching. The group tells this silo it lost the partition on a later poll; if it never
    /// does (the fence came from a lost claim race, not from a rebalance), <see cref="RejoinIfFencedTooLong"/> asks it.
    /// </summary>
    public void Drop(int partition)
    {
        lock (_partitionsLock)
        {
            if (!_partitions.Remove(partition))
            {
                return;
            }

            _toPause.Add(partition);
            _fencedAt.TryAdd(partition, _time.GetTimestamp());
        }

        ForgetCommits([partition]);
        _map.Remove([partition]);
        _terminals.OnGatewayReleased([partition]);
        _log.PartitionDropped(_options.Topic, partition);
        Release([partition], durable: false);
    }

    private void PauseDropped(IConsumer<byte[], byte[]> consumer)
    {
        List<TopicPartition> pause;
        lock (_partitionsLock)
        {
            if (_toPause.Count == 0)
            {
                return;
            }

            pause = _toPause.Select(p => new TopicPartition(_options.Topic, p)).ToList();
            _toPause.Clear();
        }

        consumer.Pause(pause);
    }

    /// <summary>
    /// A fenced partition still assigned here after <see cref="KafkaIngestOptions.FencedRejoinAfter"/> would stay
    /// paused for good: nobody processes it while the group believes this silo does (the fence came from an epoch
    /// claim that outran ours, e.g. one held up by a DynamoDB outage, not from a rebalance). Leave the group and join
    /// it again: the revocation hands the other partitions over durably as any rebalance does, and whatever the group
    /// then assigns here is claimed at a new, higher epoch before a record of it is handed over. Unsubscribing and
    /// subscribing again only once the assignment is empty makes it a real leave and join, not a no-op resubscribe.
    /// </summary>
    private void RejoinIfFencedTooLong(IConsumer<byte[], byte[]> consumer)
    {
        if (_rejoining)
        {
            if (consumer.Assignment.Count == 0)
            {
                _rejoining = false;
                consumer.Subscribe(_options.Topic);
            }

            return;
        }

        List<(int Partition, TimeSpan Elapsed)> overdue;
        lock (_partitionsLock)
        {
            if (_fencedAt.Count == 0)
            {
                return;
            }

            overdue = _fencedAt.Select(f => (f.Key, _time.GetElapsedTime(f.Value)))
                .Where(f => f.Item2 >= _options.FencedRejoinAfter).ToList();
        }

        if (overdue.Count == 0)
        {
            return;
        }

        var assigned = consumer.Assignment.Where(tp => tp.Topic == _options.Topic).Select(tp => tp.Partition.Value).ToHashSet();
        var stuck = overdue.Where(o => assigned.Contains(o.Partition)).ToList();
        lock (_partitionsLock)
        {
            foreach (var (partition, _) in overdue)
            {
                _fencedAt.Remove(partition);
            }
        }

        if (stuck.Count == 0)
        {
            return;
        }

        _log.RejoiningFenced(Describe(stuck.Select(s => new TopicPartition(_options.Topic, s.Partition))), stuck.Max(s => s.Elapsed), _options.GroupId);
        _metrics.OnFencedRejoin();
        _rejoining = true;
        consumer.Unsubscribe();
    }
}
