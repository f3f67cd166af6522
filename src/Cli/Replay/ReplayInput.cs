using Fraud.Orleans.Simulator;

namespace Fraud.Orleans.Cli.Replay;

/// <summary>A handbook file in memory, in event-time order: (TX_DATETIME, TRANSACTION_ID).</summary>
public sealed class ReplayInput
{
    private ReplayInput(SimulatedTransaction[] rows, bool wasSorted, int duplicateIds)
    {
        Rows = rows;
        WasInOrder = wasSorted;
        DuplicateIds = duplicateIds;
    }

    public SimulatedTransaction[] Rows { get; }

    /// <summary>Whether the file already was in event-time order (the handbook's is; then nothing was sorted).</summary>
    public bool WasInOrder { get; }

    /// <summary>Rows whose TRANSACTION_ID an earlier row already had: they cannot each get a signal of their own.</summary>
    public int DuplicateIds { get; }

    public long Frauds => Rows.LongCount(r => r.IsFraud);

    /// <summary>Reads the whole file (plain or gzip). Malformed content throws <see cref="HandbookCsvFormatException"/> naming the line.</summary>
    public static ReplayInput Load(string path)
    {
        var rows = new List<SimulatedTransaction>();
        using (var reader = HandbookCsvReader.Open(path))
        {
            while (reader.TryRead(out var row))
            {
                rows.Add(row);
            }
        }

        var array = rows.ToArray();
        var inOrder = true;
        for (var i = 1; i < array.Length && inOrder; i++)
        {
            inOrder = Compare(array[i - 1], array[i]) <= 0;
        }

        if (!inOrder)
        {
            Array.Sort(array, Compare);
        }

        var ids = new HashSet<long>(array.Length);
        var duplicates = array.Count(r => !ids.Add(r.Transaction.TransactionId));
        return new ReplayInput(array, inOrder, duplicates);
    }

    private static int Compare(SimulatedTransaction a, SimulatedTransaction b)
    {
        var byTime = a.Transaction.EventTimeMs.CompareTo(b.Transaction.EventTimeMs);
        return byTime != 0 ? byTime : a.Transaction.TransactionId.CompareTo(b.Transaction.TransactionId);
    }
}
