using Confluent.Kafka;

namespace Fraud.Orleans.Ingest;

public sealed partial class KafkaIngestGateway
{
    private void OnAssigned(IConsumer<byte[], byte[]> consumer, List<TopicPartition> assigned)
    {
        if (Crashed)
        {
            return;
        }

        var partitions = assigned.Select(tp => tp.Partition.Value).ToList();
        lock (_partitionsLock)
        {
            foreach (var partition in partitions)
            {
                _partitions[partition] = new PartitionProgress();
                _toPause.Remove(partition);
                _fencedAt.Remove(partition);
            }
        }

        // A partition paused after it was fenced here may come back: fetch it again.
        consumer.Resume(assigned);
        _terminals.OnGatewayAssigned(partitions);
        _map.Add(partitions);
        foreach (var lifecycle in _lifecycle)
        {
            lifecycle.OnAssigned(partitions);
        }

        _log.Assigned(Describe(assigned));
    }

    /// <summary>
    /// Runs on the poll thread before the partitions move: wait for their records to be decided, make that
    /// durable, commit it, and deactivate their grains, so the next owner starts exactly after what this silo
    /// persisted and never sees a grain still live here.
    /// </summary>
    private void OnRevoked(IConsumer<byte[], byte[]> consumer, List<TopicPartition> revoked)
    {
        if (Crashed)
        {
            return;
        }

        var drained = true;
        List<(TopicPartition Partition, PartitionProgress Progress)> leaving;
        lock (_partitionsLock)
        {
            leaving = revoked.Where(tp => _partitions.ContainsKey(tp.Partition.Value))
                .Select(tp => (tp, _partitions[tp.Partition.Value])).ToList();
        }

        // One deadline for all of them: the poll thread waits here, and the group evicts a silo that stops polling.
        var drainDeadline = Environment.TickCount64 + (long)_options.RevokeDrainTimeout.TotalMilliseconds;
        foreach (var (_, progress) in leaving)
        {
            drained &= progress.WaitDrained(TimeSpan.FromMilliseconds(Math.Max(0, drainDeadline - Environment.TickCount64)));
        }

        if (!drained)
        {
            _log.RevokeTimedOut(Describe(revoked), _options.RevokeDrainTimeout);
        }

        // Captured before the checkpoint, as in every cycle: the checkpoint covers everything decided before it.
        var decided = leaving.Where(l => l.Progress.Decided >= 0)
            .Select(l => new TopicPartitionOffset(l.Partition, new Offset(l.Progress.Decided))).ToList();
        var durable = drained && TryMakeDurable();
        CommitPending(consumer);
        lock (_partitionsLock)
        {
            // A partition fenced during that checkpoint is not ours to commit.
            decided.RemoveAll(d => !_partitions.ContainsKey(d.Partition.Value));
        }

        if (durable && decided.Count > 0)
        {
            Commit(consumer, decided);
        }

        var partitions = Forget(revoked);
        Release(partitions, durable);
        _log.Revoked(Describe(revoked), durable ? "decided records made durable and committed" : "checkpoint incomplete: nothing committed, unsaved state discarded");
    }

    /// <summary>Lost without a clean hand-over (session expired): another silo may own them already, so commit nothing.</summary>
    private void OnLost(List<TopicPartition> lost)
    {
        if (Crashed)
        {
            return;
        }

        Release(Forget(lost), durable: false);
        _log.KafkaError($"partitions lost: {Describe(lost)}");
    }

    /// <summary>Retries the checkpoint (storage may be briefly down) until the revocation's time is up.</summary>
    private bool TryMakeDurable()
    {
        using var deadline = new CancellationTokenSource(_options.RevokeDrainTimeout);
        var backoff = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            try
            {
                _barrier.MakeDurableAsync(deadline.Token).GetAwaiter().GetResult();
                return true;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                if (deadline.IsCancellationRequested || Crashed)
                {
                    _log.KafkaError($"revocation: checkpoint failed, nothing committed for the leaving partitions: {ex.Message}");
                    return false;
                }

                deadline.Token.WaitHandle.WaitOne(backoff);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(1).Ticks));
            }
        }
    }

    private void Release(IReadOnlyList<int> partitions, bool durable)
    {
        if (partitions.Count == 0)
        {
            return;
        }

        foreach (var lifecycle in _lifecycle)
        {
            lifecycle.OnReleased(partitions, durable);
        }
    }

    private List<int> Forget(List<TopicPartition> partitions)
    {
        var forgotten = new List<int>(partitions.Count);
        lock (_partitionsLock)
        {
            foreach (var tp in partitions)
            {
                _fencedAt.Remove(tp.Partition.Value); // the group moved it: whoever gets it next claims a new epoch
                if (_partitions.Remove(tp.Partition.Value))
                {
                    forgotten.Add(tp.Partition.Value);
                }
            }
        }

        ForgetCommits(partitions.Select(tp => tp.Partition.Value));
        _map.Remove(forgotten);
        _terminals.OnGatewayReleased(forgotten);
        return forgotten;
    }

    private void ForgetCommits(IEnumerable<int> partitions)
    {
        lock (_commitLock)
        {
            foreach (var partition in partitions)
            {
                _toCommit.Remove(partition);
                _committed.Remove(partition);
            }
        }
    }

    /// <summary>
    /// Commits what checkpoints made durable, whenever the poll loop comes round, rebalance or not: a coordinator
    /// refuses a commit while it rebalances, and librdkafka 2.16 just reports that (Commit logs it); the offsets
    /// come back, higher, with the next checkpoint.
    /// </summary>
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
        if (Crashed)
        {
            return;
        }

        try
        {
            consumer.Commit(offsets);
            _log.Committed(string.Join(",", offsets.Select(o => $"{o.Partition.Value}@{o.Offset.Value}")));
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
