using Confluent.Kafka;

namespace Fraud.Orleans.Ingest;

public sealed partial class KafkaIngestGateway
{
    private void OnAssigned(List<TopicPartition> assigned)
    {
        lock (_partitionsLock)
        {
            foreach (var tp in assigned)
            {
                _partitions[tp.Partition.Value] = new PartitionProgress();
            }
        }

        _log.Assigned(Describe(assigned));
    }

    /// <summary>
    /// Runs on the poll thread before the partitions move: wait for their records to be decided, make that
    /// durable, and commit it, so the next owner starts exactly after what this silo persisted.
    /// </summary>
    private void OnRevoked(IConsumer<byte[], byte[]> consumer, List<TopicPartition> revoked)
    {
        var drained = true;
        List<(TopicPartition Partition, PartitionProgress Progress)> leaving;
        lock (_partitionsLock)
        {
            leaving = revoked.Where(tp => _partitions.ContainsKey(tp.Partition.Value))
                .Select(tp => (tp, _partitions[tp.Partition.Value])).ToList();
        }

        foreach (var (_, progress) in leaving)
        {
            drained &= progress.WaitDrained(_options.RevokeDrainTimeout);
        }

        if (!drained)
        {
            _log.RevokeTimedOut(Describe(revoked), _options.RevokeDrainTimeout);
        }

        var decided = leaving.Where(l => l.Progress.Decided >= 0)
            .Select(l => new TopicPartitionOffset(l.Partition, new Offset(l.Progress.Decided))).ToList();
        _barrier.MakeDurableAsync(CancellationToken.None).GetAwaiter().GetResult();
        CommitPending(consumer);
        if (decided.Count > 0)
        {
            Commit(consumer, decided);
        }

        Forget(revoked);
        _log.Revoked(Describe(revoked));
    }

    /// <summary>Lost without a clean hand-over (session expired): another silo may own them already, so commit nothing.</summary>
    private void OnLost(List<TopicPartition> lost)
    {
        Forget(lost);
        _log.KafkaError($"partitions lost: {Describe(lost)}");
    }

    private void Forget(List<TopicPartition> partitions)
    {
        lock (_partitionsLock)
        {
            foreach (var tp in partitions)
            {
                _partitions.Remove(tp.Partition.Value);
            }
        }

        lock (_commitLock)
        {
            foreach (var tp in partitions)
            {
                _toCommit.Remove(tp.Partition.Value);
                _committed.Remove(tp.Partition.Value);
            }
        }
    }

    private void CommitPending(IConsumer<byte[], byte[]> consumer)
    {
        Dictionary<int, long> pending;
        lock (_commitLock)
        {
            if (_toCommit.Count == 0)
            {
                return;
            }

            pending = _toCommit;
            _toCommit = [];
        }

        List<TopicPartitionOffset> offsets;
        lock (_partitionsLock)
        {
            offsets = pending.Where(p => _partitions.ContainsKey(p.Key))
                .Select(p => new TopicPartitionOffset(_options.Topic, p.Key, p.Value)).ToList();
        }

        if (offsets.Count > 0)
        {
            Commit(consumer, offsets);
        }
    }

    private void Commit(IConsumer<byte[], byte[]> consumer, List<TopicPartitionOffset> offsets)
    {
        try
        {
            consumer.Commit(offsets);
        }
        catch (KafkaException ex)
        {
            // A later checkpoint commits a higher offset; until then a failover replays a little more.
            _log.CommitFailed(ex.Error.Reason);
            return;
        }

        lock (_commitLock)
        {
            foreach (var o in offsets)
            {
                _committed.TryGetValue(o.Partition.Value, out var before);
                if (o.Offset.Value > before)
                {
                    _metrics.OnCommitted(o.Offset.Value - before);
                    _committed[o.Partition.Value] = o.Offset.Value;
                }
            }
        }
    }

    private static string Describe(IEnumerable<TopicPartition> partitions) =>
        string.Join(",", partitions.Select(p => $"{p.Topic}[{p.Partition.Value}]"));
}
