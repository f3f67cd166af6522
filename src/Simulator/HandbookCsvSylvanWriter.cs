using System.Text;
using Sylvan.Data.Csv;

namespace Fraud.Orleans.Simulator;

/// <summary>
/// Writes handbook CSV (see <see cref="HandbookCsv"/>) with Sylvan.Data.Csv exactly as the handbook's data set is
/// laid out: the header, then one <c>\n</c>-terminated row per transaction, amounts with 2 decimals, TX_TIME_SECONDS
/// and TX_TIME_DAYS counted from the start date. A transaction the format cannot hold (non-numeric card id, negative
/// id or amount, event time with milliseconds) throws <see cref="ArgumentException"/> instead of being written
/// approximately.
/// </summary>
public static class HandbookCsvSylvanWriter
{
    /// <summary>Writes plain CSV to <paramref name="stream"/>; returns the number of rows written.</summary>
    public static long Write(Stream stream, IEnumerable<SimulatedTransaction> transactions, DateOnly? startDate = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(transactions);
        using var rows = new Rows(transactions, startDate ?? HandbookCsv.DefaultStartDate);
        using (var text = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen))
        using (var csv = CsvDataWriter.Create(text, Options))
        {
            csv.Write(rows);
        }

        return rows.Count;
    }

    private static readonly CsvDataWriterOptions Options = new()
    {
        NewLine = "\n",
        DateTimeFormat = "yyyy-MM-dd HH:mm:ss",
        Culture = System.Globalization.CultureInfo.InvariantCulture,
    };

    private sealed class Rows(IEnumerable<SimulatedTransaction> transactions, DateOnly startDate) : RecordDataReader(Columns)
    {
        private static readonly (string, Type)[] Columns =
        [
            ("TRANSACTION_ID", typeof(long)), ("TX_DATETIME", typeof(DateTime)), ("CUSTOMER_ID", typeof(string)),
            ("TERMINAL_ID", typeof(long)), ("TX_AMOUNT", typeof(decimal)), ("TX_TIME_SECONDS", typeof(long)),
            ("TX_TIME_DAYS", typeof(long)), ("TX_FRAUD", typeof(int)), ("TX_FRAUD_SCENARIO", typeof(int)),
        ];

        private readonly IEnumerator<SimulatedTransaction> _rows = transactions.GetEnumerator();
        private readonly long _startUnixMs = (long)(startDate.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber) * 86_400_000;
        private SimulatedTransaction _current;

        public long Count { get; private set; }

        public override bool Read()
        {
            if (!_rows.MoveNext())
            {
                return false;
            }

            _current = _rows.Current;
            HandbookCsvWriter.Validate(_current);
            Count++;
            return true;
        }

        public override long GetInt64(int ordinal) => ordinal switch
        {
            0 => _current.Transaction.TransactionId,
            3 => _current.Transaction.TerminalId,
            5 => Seconds,
            6 => Math.DivRem(Seconds, 86_400) is var (q, r) && r < 0 ? q - 1 : q,
            _ => base.GetInt64(ordinal),
        };

        public override int GetInt32(int ordinal) => ordinal switch
        {
            7 => _current.IsFraud ? 1 : 0,
            8 => _current.Scenario,
            _ => base.GetInt32(ordinal),
        };

        public override DateTime GetDateTime(int ordinal) => DateTime.UnixEpoch.AddMilliseconds(_current.Transaction.EventTimeMs);

        public override string GetString(int ordinal) => _current.Transaction.CardId;

        // Scale 2 keeps the trailing zeros: 14600 cents is "146.00".
        public override decimal GetDecimal(int ordinal)
        {
            var cents = _current.Transaction.AmountMinor;
            return new decimal((int)(cents & 0xFFFF_FFFF), (int)(cents >> 32), 0, false, 2);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _rows.Dispose();
            }

            base.Dispose(disposing);
        }

        private long Seconds => (_current.Transaction.EventTimeMs - _startUnixMs) / 1000;
    }
}
