using System.Globalization;
using System.Text;
using Fraud.Orleans.Cli.Hosting;
using Fraud.Orleans.Simulator;
using Sylvan.Data.Csv;

namespace Fraud.Orleans.Cli.Scores;

/// <summary>Writes <see cref="ScoresCsv"/> with Sylvan.Data.Csv: every row of the replayed file, with the score its signal holds.</summary>
public static class ScoresCsvWriter
{
    private static readonly CsvDataWriterOptions Options = new()
    {
        NewLine = "\n",
        DateTimeFormat = ScoresCsv.DateTimeFormat,
        Culture = CultureInfo.InvariantCulture,
    };

    /// <summary>
    /// Writes one row per file row that has a signal, sorted by TRANSACTION_ID, and returns the ids of the rows that
    /// had none (they are left out of the file rather than given a made-up score). With a challenger score on every
    /// signal, the file has the challenger's column too.
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
        var withChallenger = scores.Count > 0 && scores.Values.All(s => s.ChallengerScore is not null);
        using var scored = new ScoredRows(rows, order, scores, withChallenger);
        using (var text = new StreamWriter(path, append: false, new UTF8Encoding(false), bufferSize: 1 << 16))
        using (var csv = CsvDataWriter.Create(text, Options))
        {
            csv.Write(scored);
        }

        return scored.Missing;
    }

    private sealed class ScoredRows(IReadOnlyList<SimulatedTransaction> rows, int[] order, IReadOnlyDictionary<long, StoredScore> scores, bool withChallenger)
        : RecordDataReader(withChallenger ? [.. Columns, (ScoresCsv.ChallengerColumn, typeof(double))] : Columns)
    {
        private static readonly (string, Type)[] Columns =
        [
            ("TRANSACTION_ID", typeof(long)), ("CUSTOMER_ID", typeof(string)), ("TX_DATETIME", typeof(DateTime)),
            ("score", typeof(double)), ("decision", typeof(string)),
        ];

        private int _next;
        private SimulatedTransaction _row;
        private StoredScore _score;

        public List<long> Missing { get; } = [];

        public override bool Read()
        {
            while (_next < order.Length)
            {
                _row = rows[order[_next++]];
                if (scores.TryGetValue(_row.Transaction.TransactionId, out _score))
                {
                    return true;
                }

                Missing.Add(_row.Transaction.TransactionId);
            }

            return false;
        }

        public override long GetInt64(int ordinal) => _row.Transaction.TransactionId;

        public override string GetString(int ordinal) => ordinal == 1 ? _row.Transaction.CardId : _score.Decision;

        public override DateTime GetDateTime(int ordinal) => DateTime.UnixEpoch.AddMilliseconds(_row.Transaction.EventTimeMs);

        public override double GetDouble(int ordinal) => ordinal == 3 ? _score.Score : _score.ChallengerScore!.Value;
    }
}
