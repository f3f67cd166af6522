namespace Fraud.Orleans.Cli.Bench;

/// <summary>
/// The latency rows of every worker of a phase as one row per sent transaction. Within one worker a further
/// decision of a transaction it already decided is a duplicate (as it always was), and so is any row for an id
/// the bench never sent. A transaction decided by a second silo worker is a <see cref="Replayed"/> one instead:
/// after a partition changes hands (a start-up rebalance) its new owner replays from the last committed offset,
/// and the signal table's key makes that write idempotent. It then counts from its first decision and its first
/// acknowledgement, whichever worker made them.
/// </summary>
public sealed class MergedRows
{
    /// <summary>What an undecided or never durable transaction counts as: the latency histogram's ceiling, 100 s.</summary>
    public const long NeverUs = Metrics.LatencyHistogram.CeilingMicros;

    private MergedRows(long sent)
    {
        TraceMs = new long[sent];
        DecidedUs = new long[sent];
        DurableUs = new long[sent];
        Seen = new bool[sent];
        Array.Fill(DecidedUs, NeverUs);
        Array.Fill(DurableUs, NeverUs);
    }

    public long[] TraceMs { get; }

    public long[] DecidedUs { get; }

    public long[] DurableUs { get; }

    /// <summary>Decided by at least one worker.</summary>
    public bool[] Seen { get; }

    public long Duplicates { get; private set; }

    public long Replayed { get; private set; }

    /// <param name="workers">Each worker's rows, in the order it wrote them.</param>
    /// <param name="sent">Transactions the bench sent: ids 0..sent-1.</param>
    public static MergedRows Of(IReadOnlyList<IEnumerable<LatencyRow>> workers, long sent)
    {
        var merged = new MergedRows(sent);
        // Which worker (index + 1) last wrote a row for an id: tells its own second row from another worker's first.
        var lastWorker = new int[sent];
        for (var w = 0; w < workers.Count; w++)
        {
            foreach (var row in workers[w])
            {
                merged.Add(row, w + 1, lastWorker);
            }
        }

        return merged;
    }

    private void Add(in LatencyRow row, int worker, int[] lastWorker)
    {
        if ((ulong)row.TransactionId >= (ulong)Seen.Length)
        {
            Duplicates += row.DecidedCount; // a signal for a transaction this run never sent
            return;
        }

        var id = row.TransactionId;
        if (lastWorker[id] == worker)
        {
            Duplicates += row.DecidedCount; // this worker decided it again
            return;
        }

        Duplicates += row.DecidedCount - 1;
        var decided = row.DecidedUs >= 0 ? row.DecidedUs : NeverUs;
        var durable = row.DurableUs >= 0 ? row.DurableUs : NeverUs;
        if (Seen[id])
        {
            Replayed++;
            DecidedUs[id] = Math.Min(DecidedUs[id], decided);
            DurableUs[id] = Math.Min(DurableUs[id], durable);
        }
        else
        {
            Seen[id] = true;
            TraceMs[id] = row.TraceMs;
            DecidedUs[id] = decided;
            DurableUs[id] = durable;
        }

        lastWorker[id] = worker;
    }
}
