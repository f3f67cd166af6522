namespace Fraud.Orleans.Ingest.Terminals;

/// <summary>
/// Through which event time the terminal feed holds every transaction and every fraud label, from what has been
/// read of each partition. Producers keep within the allowed lateness of event-time order, so:
/// a transactions partition is complete through its newest event time read less the lateness; a partition found
/// at its end by a fresh query to the broker is complete through the newest event time read anywhere before
/// asking, less the lateness (anything older was produced before that query, so it was counted in the end the
/// broker reported). An end seen only in the client's cache proves nothing: the cache can predate records the
/// gateway already holds. Labels are complete through the newest watermark the label producer wrote to that
/// partition.
/// <para>
/// A partition the gateway owns is read by two: the feed, in order from where it stood, and the gateway, in order
/// from its first record after the assignment. Their reads join into one prefix only once the feed has reached
/// the gateway's first record (then the feed stops fetching it: <see cref="FeedCaughtUp"/>); until then the
/// gateway's newer records say nothing about the older ones the feed has not read yet.
/// </para>
/// Fed by the feed thread and the gateway's poll thread, under one lock; the feed thread publishes
/// <see cref="CompleteThroughMs"/>.
/// </summary>
public sealed class TerminalFeedCompleteness
{
    private const long None = long.MinValue;

    private readonly object _lock = new();
    private readonly long _allowedLatenessMs;
    private int _transactionPartitions = -1;
    private long[] _newestTransactionMs = [];
    private long[] _nextTransactionOffset = [];
    private long[] _confirmedThroughMs = [];
    private long[] _gatewayFirstOffset = [];
    private long[] _gatewayNextOffset = [];
    private long[] _gatewayNewestMs = [];
    private long[] _labelWatermarkMs = [];

    /// <summary>Shapes known later (<see cref="Configure"/>): the gateway may hand over records before the feed has read the topics' metadata.</summary>
    public TerminalFeedCompleteness(long allowedLatenessMs) => _allowedLatenessMs = allowedLatenessMs;

    public TerminalFeedCompleteness(int transactionPartitions, int labelPartitions, long allowedLatenessMs)
        : this(allowedLatenessMs) => Configure(transactionPartitions, labelPartitions);

    public long CompleteThroughMs { get; private set; } = long.MinValue;

    /// <summary>Newest event time read on any transactions partition.</summary>
    public long NewestTransactionMs
    {
        get
        {
            lock (_lock)
            {
                return _newestAnyMs;
            }
        }
    }

    private long _newestAnyMs = long.MinValue;

    public int TransactionPartitions => Math.Max(0, _transactionPartitions);

    public void Configure(int transactionPartitions, int labelPartitions)
    {
        lock (_lock)
        {
            Grow(transactionPartitions - 1);
            _transactionPartitions = transactionPartitions;
            _labelWatermarkMs = Filled(labelPartitions, None);
        }
    }

    /// <summary>The feed read <paramref name="offset"/> of a transactions partition.</summary>
    public void OnTransaction(int partition, long offset, long eventTimeMs)
    {
        lock (_lock)
        {
            Grow(partition);
            _nextTransactionOffset[partition] = Math.Max(_nextTransactionOffset[partition], offset + 1);
            _newestTransactionMs[partition] = Math.Max(_newestTransactionMs[partition], eventTimeMs);
            _newestAnyMs = Math.Max(_newestAnyMs, eventTimeMs);
        }
    }

    /// <summary>The gateway owns <paramref name="partition"/> from now on; its first record there is still to come.</summary>
    public void OnGatewayAssigned(int partition)
    {
        lock (_lock)
        {
            Grow(partition);
            FoldGatewayRead(partition);
            _gatewayFirstOffset[partition] = long.MaxValue;
        }
    }

    /// <summary>The gateway dispatched <paramref name="offset"/> of a partition it owns.</summary>
    public void OnGatewayTransaction(int partition, long offset, long eventTimeMs)
    {
        lock (_lock)
        {
            Grow(partition);
            if (_gatewayFirstOffset[partition] == None)
            {
                return; // released meanwhile: the feed reads it again
            }

            if (_gatewayFirstOffset[partition] == long.MaxValue)
            {
                _gatewayFirstOffset[partition] = offset;
            }

            _gatewayNextOffset[partition] = Math.Max(_gatewayNextOffset[partition], offset + 1);
            _gatewayNewestMs[partition] = Math.Max(_gatewayNewestMs[partition], eventTimeMs);
            _newestAnyMs = Math.Max(_newestAnyMs, eventTimeMs);
        }
    }

    /// <summary>The gateway let <paramref name="partition"/> go: the feed reads on from <see cref="FeedNextOffset"/>.</summary>
    public void OnGatewayReleased(int partition)
    {
        lock (_lock)
        {
            Grow(partition);
            FoldGatewayRead(partition);
        }
    }

    /// <summary>True when the gateway owns the partition and the feed has read up to the gateway's first record there.</summary>
    public bool FeedCaughtUp(int partition)
    {
        lock (_lock)
        {
            return partition < _gatewayFirstOffset.Length && CaughtUp(partition);
        }
    }

    /// <summary>Where the feed must read a partition from to miss nothing that was not read.</summary>
    public long FeedNextOffset(int partition)
    {
        lock (_lock)
        {
            return partition < _nextTransactionOffset.Length ? _nextTransactionOffset[partition] : 0;
        }
    }

    public void OnLabelWatermark(int partition, long completeThroughMs)
    {
        lock (_lock)
        {
            _labelWatermarkMs[partition] = Math.Max(_labelWatermarkMs[partition], completeThroughMs);
        }
    }

    /// <summary>
    /// The broker reported <paramref name="endOffset"/> for a transactions partition in answer to a query sent when
    /// the newest event time read anywhere was <paramref name="newestBeforeQueryMs"/>.
    /// </summary>
    public void OnBrokerEnd(int partition, long endOffset, long newestBeforeQueryMs)
    {
        lock (_lock)
        {
            Grow(partition);
            if (ReadThrough(partition).Next >= endOffset && newestBeforeQueryMs != None)
            {
                _confirmedThroughMs[partition] = Math.Max(_confirmedThroughMs[partition], newestBeforeQueryMs - _allowedLatenessMs);
            }
        }
    }

    /// <summary>Recomputes <see cref="CompleteThroughMs"/>; true when it moved forward.</summary>
    public bool Update()
    {
        lock (_lock)
        {
            if (_transactionPartitions < 0)
            {
                return false;
            }

            var through = long.MaxValue;
            foreach (var watermark in _labelWatermarkMs)
            {
                through = Math.Min(through, watermark);
            }

            for (var p = 0; p < _transactionPartitions; p++)
            {
                var newest = ReadThrough(p).NewestMs;
                var read = newest == None ? None : newest - _allowedLatenessMs;
                through = Math.Min(through, Math.Max(read, _confirmedThroughMs[p]));
            }

            if (through <= CompleteThroughMs)
            {
                return false;
            }

            CompleteThroughMs = through;
            return true;
        }
    }

    private bool CaughtUp(int p) =>
        _gatewayFirstOffset[p] is not None and not long.MaxValue && _nextTransactionOffset[p] >= _gatewayFirstOffset[p];

    /// <summary>The contiguous read of a partition: the feed's, joined with the gateway's once they meet.</summary>
    private (long Next, long NewestMs) ReadThrough(int p) => CaughtUp(p)
        ? (Math.Max(_nextTransactionOffset[p], _gatewayNextOffset[p]), Math.Max(_newestTransactionMs[p], _gatewayNewestMs[p]))
        : (_nextTransactionOffset[p], _newestTransactionMs[p]);

    /// <summary>Ends the gateway's read of a partition: joined into the feed's when they met, else dropped (the feed reads it again).</summary>
    private void FoldGatewayRead(int p)
    {
        (_nextTransactionOffset[p], _newestTransactionMs[p]) = ReadThrough(p);
        _gatewayFirstOffset[p] = None;
        _gatewayNextOffset[p] = 0;
        _gatewayNewestMs[p] = None;
    }

    private void Grow(int partition)
    {
        if (partition < _nextTransactionOffset.Length)
        {
            return;
        }

        var length = partition + 1;
        _newestTransactionMs = Extended(_newestTransactionMs, length, None);
        _nextTransactionOffset = Extended(_nextTransactionOffset, length, 0);
        _confirmedThroughMs = Extended(_confirmedThroughMs, length, None);
        _gatewayFirstOffset = Extended(_gatewayFirstOffset, length, None);
        _gatewayNextOffset = Extended(_gatewayNextOffset, length, 0);
        _gatewayNewestMs = Extended(_gatewayNewestMs, length, None);
    }

    private static long[] Extended(long[] array, int length, long fill)
    {
        var extended = Filled(length, fill);
        array.CopyTo(extended, 0);
        return extended;
    }

    private static long[] Filled(int length, long value)
    {
        var array = new long[length];
        Array.Fill(array, value);
        return array;
    }
}
