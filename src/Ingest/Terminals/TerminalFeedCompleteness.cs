namespace Fraud.Orleans.Ingest.Terminals;

/// <summary>
/// Through which event time the terminal feed holds every transaction and every fraud label, from what it has
/// read of each partition. Producers keep within the allowed lateness of event-time order, so:
/// a transactions partition is complete through its newest event time less the lateness; a partition found
/// at its end by a fresh query to the broker is complete through the newest event time the feed had read
/// anywhere before asking, less the lateness (anything older was produced before that query, so it was
/// counted in the end the broker reported). An end seen only in the client's cache proves nothing: the cache
/// can predate records the gateway already holds. Labels are complete through the newest watermark the
/// label producer wrote to that partition. Touched by the feed thread only; it publishes <see cref="CompleteThroughMs"/>.
/// </summary>
public sealed class TerminalFeedCompleteness(int transactionPartitions, int labelPartitions, long allowedLatenessMs)
{
    private readonly long[] _newestTransactionMs = Filled(transactionPartitions, long.MinValue);
    private readonly long[] _nextTransactionOffset = Filled(transactionPartitions, 0);
    private readonly long[] _confirmedThroughMs = Filled(transactionPartitions, long.MinValue);
    private readonly long[] _labelWatermarkMs = Filled(labelPartitions, long.MinValue);

    public long CompleteThroughMs { get; private set; } = long.MinValue;

    /// <summary>Newest event time read on any transactions partition.</summary>
    public long NewestTransactionMs { get; private set; } = long.MinValue;

    public int TransactionPartitions => _newestTransactionMs.Length;

    public void OnTransaction(int partition, long offset, long eventTimeMs)
    {
        _nextTransactionOffset[partition] = offset + 1;
        _newestTransactionMs[partition] = Math.Max(_newestTransactionMs[partition], eventTimeMs);
        NewestTransactionMs = Math.Max(NewestTransactionMs, eventTimeMs);
    }

    public void OnLabelWatermark(int partition, long completeThroughMs) =>
        _labelWatermarkMs[partition] = Math.Max(_labelWatermarkMs[partition], completeThroughMs);

    /// <summary>
    /// The broker reported <paramref name="endOffset"/> for a transactions partition in answer to a query sent when
    /// the newest event time read anywhere was <paramref name="newestBeforeQueryMs"/>.
    /// </summary>
    public void OnBrokerEnd(int partition, long endOffset, long newestBeforeQueryMs)
    {
        if (_nextTransactionOffset[partition] >= endOffset && newestBeforeQueryMs != long.MinValue)
        {
            _confirmedThroughMs[partition] = Math.Max(_confirmedThroughMs[partition], newestBeforeQueryMs - allowedLatenessMs);
        }
    }

    /// <summary>Recomputes <see cref="CompleteThroughMs"/>; true when it moved forward.</summary>
    public bool Update()
    {
        var through = long.MaxValue;
        foreach (var watermark in _labelWatermarkMs)
        {
            through = Math.Min(through, watermark);
        }

        for (var p = 0; p < _newestTransactionMs.Length; p++)
        {
            var read = _newestTransactionMs[p] == long.MinValue ? long.MinValue : _newestTransactionMs[p] - allowedLatenessMs;
            through = Math.Min(through, Math.Max(read, _confirmedThroughMs[p]));
        }

        if (through <= CompleteThroughMs)
        {
            return false;
        }

        CompleteThroughMs = through;
        return true;
    }

    private static long[] Filled(int length, long value)
    {
        var array = new long[length];
        Array.Fill(array, value);
        return array;
    }
}
