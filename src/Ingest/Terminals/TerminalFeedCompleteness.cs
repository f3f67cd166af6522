namespace Fraud.Orleans.Ingest.Terminals;

/// <summary>
/// Through which event time the terminal feed holds every transaction and every fraud label, from what it has
/// read of each partition. Transactions: a partition read up to its end is complete; otherwise it is complete
/// through its newest event time less the allowed lateness (producers keep within that of event-time order).
/// Labels: complete through the newest watermark the label producer wrote to that partition.
/// Touched by the feed thread only; it publishes <see cref="CompleteThroughMs"/>.
/// </summary>
internal sealed class TerminalFeedCompleteness(int transactionPartitions, int labelPartitions, long allowedLatenessMs)
{
    private readonly long[] _newestTransactionMs = Filled(transactionPartitions, long.MinValue);
    private readonly long[] _nextTransactionOffset = Filled(transactionPartitions, 0);
    private readonly long[] _transactionEndOffset = Filled(transactionPartitions, -1);
    private readonly long[] _labelWatermarkMs = Filled(labelPartitions, long.MinValue);

    public long CompleteThroughMs { get; private set; } = long.MinValue;

    public void OnTransaction(int partition, long offset, long eventTimeMs)
    {
        _nextTransactionOffset[partition] = offset + 1;
        _newestTransactionMs[partition] = Math.Max(_newestTransactionMs[partition], eventTimeMs);
    }

    public void OnLabelWatermark(int partition, long completeThroughMs) =>
        _labelWatermarkMs[partition] = Math.Max(_labelWatermarkMs[partition], completeThroughMs);

    /// <summary>The end of a transactions partition as last fetched (-1 while unknown).</summary>
    public void OnTransactionEnd(int partition, long endOffset) => _transactionEndOffset[partition] = endOffset;

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
            var atEnd = _transactionEndOffset[p] >= 0 && _nextTransactionOffset[p] >= _transactionEndOffset[p];
            if (!atEnd)
            {
                through = Math.Min(through, _newestTransactionMs[p] == long.MinValue ? long.MinValue : _newestTransactionMs[p] - allowedLatenessMs);
            }
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
