using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Ingest;

namespace Fraud.Orleans.Cli.Bench;

/// <summary>
/// What the survivors of a killed silo owe: every record of its partitions from the group's committed offset on
/// (nothing it decided later was committed, so its new owner replays it). A fresh topic fed in id order by one
/// idempotent producer holds each partition's records in that order from offset 0, so the stream and the
/// partitioner say which transaction sits at which offset. The bench drains until every owed transaction is
/// decided by a live worker: before that, durable card states lag behind the signals the killed silo wrote.
/// </summary>
public static class ReplayOwed
{
    /// <param name="committed">
    /// Each moved partition's committed offset, read any time after the kill (negative or absent: nothing committed):
    /// since the kill only survivors commit, and only what they decided again.
    /// </param>
    public static List<long> Of(IEnumerable<Transaction> sent, int partitions, IReadOnlyCollection<int> moved, IReadOnlyDictionary<int, long> committed)
    {
        var next = new long[partitions];
        var owed = new List<long>();
        foreach (var transaction in sent)
        {
            var partition = CardPartitioner.PartitionOf(transaction.CardId, partitions);
            var offset = next[partition]++;
            if (moved.Contains(partition) && offset >= Math.Max(0, committed.GetValueOrDefault(partition, -1)))
            {
                owed.Add(transaction.TransactionId);
            }
        }

        return owed;
    }

    /// <summary>How many of <paramref name="owed"/> no row of <paramref name="rows"/> decided.</summary>
    public static int Left(IReadOnlyList<long> owed, IEnumerable<IEnumerable<LatencyRow>> rows, long sent)
    {
        var decided = new bool[sent];
        foreach (var row in rows.SelectMany(r => r))
        {
            if ((ulong)row.TransactionId < (ulong)sent && row.DecidedCount > 0)
            {
                decided[row.TransactionId] = true;
            }
        }

        return owed.Count(id => !decided[id]);
    }
}
