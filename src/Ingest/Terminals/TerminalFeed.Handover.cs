using Confluent.Kafka;

namespace Fraud.Orleans.Ingest.Terminals;

/// <summary>
/// The partitions this silo's gateway owns need no second read: the gateway hands the feed each record it
/// dispatches, and the feed stops fetching such a partition once its own reading has reached the gateway's first
/// record there. When the gateway lets a partition go, the feed reads it again from where the two had got to.
/// A silo that owns every partition thus fetches and parses each transaction once, not twice; the replica is
/// idempotent by transaction id, so a record seen by both around a hand-over counts once.
/// <para>
/// Not with a label wait: a transaction held until the feed is complete through t − delay could then wait for
/// older records of another owned partition that sit behind it in the gateway's own queue. With a wait (replays,
/// where exact terminal history matters more than one read), the feed reads every partition itself, as before.
/// </para>
/// </summary>
public sealed partial class TerminalFeed
{
    private bool[] _paused = [];

    /// <summary>Whether the gateway's partitions are left to it (see the remarks on a label wait).</summary>
    private bool HandsOver => _feed.LabelWait <= TimeSpan.Zero;
    private int _leftToGateway;
    private long _gatewayRecords;
    private long _feedTransactionRecords;

    /// <summary>Transactions the gateway handed over (from the partitions it owns).</summary>
    public long GatewayRecords => Volatile.Read(ref _gatewayRecords);

    /// <summary>Transactions the feed fetched itself (partitions the gateway does not own, and hand-over overlaps).</summary>
    public long FeedTransactionRecords => Volatile.Read(ref _feedTransactionRecords);

    /// <summary>Transactions partitions the feed has stopped fetching because the gateway hands their records over.</summary>
    public int PartitionsLeftToGateway => Volatile.Read(ref _leftToGateway);

    /// <summary>The gateway owns <paramref name="partitions"/> from now on and hands over every record it dispatches there.</summary>
    public void OnGatewayAssigned(IEnumerable<int> partitions)
    {
        if (!HandsOver)
        {
            return;
        }

        foreach (var partition in partitions)
        {
            _completeness.OnGatewayAssigned(partition);
        }
    }

    /// <summary>A transaction the gateway dispatches, at <paramref name="offset"/> of a partition it owns: into the replica, as if read here.</summary>
    public void OnGatewayRecord(int partition, long offset, long terminalId, long transactionId, long eventTimeMs)
    {
        if (!HandsOver)
        {
            return;
        }

        _sink.OnTransaction(terminalId, transactionId, eventTimeMs);
        _completeness.OnGatewayTransaction(partition, offset, eventTimeMs);
        Interlocked.Increment(ref _gatewayRecords);
    }

    /// <summary>The gateway let <paramref name="partitions"/> go, having handed over every record it dispatched there.</summary>
    public void OnGatewayReleased(IEnumerable<int> partitions)
    {
        if (!HandsOver)
        {
            return;
        }

        foreach (var partition in partitions)
        {
            _completeness.OnGatewayReleased(partition);
        }
    }

    /// <summary>
    /// Fetches exactly the transactions partitions the gateway does not cover (feed thread): pauses one the feed has
    /// caught up on, and resumes one the gateway let go (or took back before the feed caught up) where reading stopped.
    /// </summary>
    private void SyncFetching(IConsumer<byte[], byte[]> consumer)
    {
        if (_paused.Length != _completeness.TransactionPartitions)
        {
            _paused = new bool[_completeness.TransactionPartitions];
        }

        for (var p = 0; p < _paused.Length; p++)
        {
            var leave = _completeness.FeedCaughtUp(p);
            if (leave == _paused[p])
            {
                continue;
            }

            var tp = new TopicPartition(_options.Topic, p);
            if (leave)
            {
                consumer.Pause([tp]);
            }
            else
            {
                consumer.Seek(new TopicPartitionOffset(tp, _completeness.FeedNextOffset(p)));
                consumer.Resume([tp]);
            }

            _paused[p] = leave;
        }

        Volatile.Write(ref _leftToGateway, _paused.Count(paused => paused));
    }
}
