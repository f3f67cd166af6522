using System.Globalization;
using Fraud.Orleans.Cli.Hosting;
using Fraud.Orleans.Simulator;

namespace Fraud.Orleans.Cli.Scores;

/// <summary>Writes <see cref="ScoresCsv"/>: every row of the replayed file, with the score its signal holds.</summary>
public static class ScoresCsvWriter
{
    /// <summary>
    /// Writes one row per file row that has a signal, sorted by TRANSACTION_ID, and returns the ids of the rows that
    /// had none (they are left out of the file rather than given a made-up score).
    /// </summary>
    public static IReadOnlyList<long> Write(string path, IReadOnlyList<SimulatedTransaction> rows, IReadOnlyDictionary<long, StoredScore> scores)
    {
        var order = new int[rows.Count];
        var ids = new long[rows.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
            ids[i] = rows[i].Transaction.TransactionId;
        }

        Array.Sort(ids, order);
        var missing = new List<long>();
        using var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false), bufferSize: 1 << 16) { NewLine = "\n" };
        writer.WriteLine(ScoresCsv.Header);
        foreach (var i in order)
        {
            var tx = rows[i].Transaction;
            if (!scores.TryGetValue(tx.TransactionId, out var score))
            {
                missing.Add(tx.TransactionId);
                continue;
            }

            writer.Write(tx.TransactionId.ToString(CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(tx.CardId);
            writer.Write(',');
            writer.Write(ScoresCsv.FormatDateTime(tx.EventTimeMs));
            writer.Write(',');
            writer.Write(score.Score.ToString("R", CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.WriteLine(score.Decision);
        }

        return missing;
    }
}
