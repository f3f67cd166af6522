using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Fraud.Orleans.Simulator;

/// <summary>
/// Writes handbook CSV (see <see cref="HandbookCsv"/>) exactly as the handbook's data set is laid out: the header,
/// then one <c>\n</c>-terminated row per transaction, amounts with 2 decimals, TX_TIME_SECONDS and TX_TIME_DAYS
/// counted from the start date. The format only holds what <see cref="HandbookCsvReader"/> reads back, so a
/// transaction that it cannot hold (non-numeric card id, negative id or amount, event time with milliseconds)
/// throws <see cref="ArgumentException"/> instead of being written approximately.
/// </summary>
public sealed class HandbookCsvWriter : IDisposable
{
    private const int BufferSize = 1 << 16;
    private const int MaxRowLength = 256;
    private const long MillisecondsPerDay = 86_400_000;
    private const long MinUnixMs = -62_135_596_800_000; // 0001-01-01T00:00:00Z
    private const long MaxUnixMs = 253_402_300_799_000; // 9999-12-31T23:59:59Z

    private static readonly int UnixEpochDayNumber = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    private readonly Stream _target;
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly long _startUnixMs;
    private readonly byte[] _buffer = new byte[BufferSize];
    private int _length;
    private bool _disposed;

    private readonly byte[] _lastDate = new byte[10];
    private long _lastDayIndex = long.MinValue;

    /// <summary>Writes plain CSV to <paramref name="stream"/>; times count from <paramref name="startDate"/> (default 2018-04-01).</summary>
    public HandbookCsvWriter(Stream stream, DateOnly? startDate = null, bool leaveOpen = false)
        : this(stream, stream, startDate, leaveOpen)
    {
    }

    private HandbookCsvWriter(Stream target, Stream stream, DateOnly? startDate, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _target = target;
        _stream = stream;
        _leaveOpen = leaveOpen;
        StartDate = startDate ?? HandbookCsv.DefaultStartDate;
        _startUnixMs = (long)(StartDate.DayNumber - UnixEpochDayNumber) * MillisecondsPerDay;
        _length = Encoding.ASCII.GetBytes(HandbookCsv.Header, _buffer);
        _buffer[_length++] = (byte)'\n';
    }

    /// <summary>Creates (or overwrites) a file, gzip-compressed when its name ends with <c>.gz</c>.</summary>
    public static HandbookCsvWriter Create(string path, DateOnly? startDate = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
        if (!HandbookCsv.IsGzipPath(path))
        {
            return new HandbookCsvWriter(file, file, startDate, leaveOpen: false);
        }

        var gzip = HandbookCsv.OpenGzipForWriting(file, leaveOpen: false);
        return new HandbookCsvWriter(gzip, gzip, startDate, leaveOpen: false);
    }

    /// <summary>The date from which TX_TIME_SECONDS and TX_TIME_DAYS count.</summary>
    public DateOnly StartDate { get; }

    public long RowsWritten { get; private set; }

    public void Write(in SimulatedTransaction transaction)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var tx = transaction.Transaction;
        Validate(transaction);

        if (_buffer.Length - _length < MaxRowLength)
        {
            FlushBuffer();
        }

        var row = _buffer.AsSpan(_length);
        var n = 0;
        n += FormatInteger(tx.TransactionId, row[n..]);
        row[n++] = (byte)',';
        n += FormatDateTime(tx.EventTimeMs, row[n..]);
        row[n++] = (byte)',';
        n += Encoding.ASCII.GetBytes(tx.CardId, row[n..]);
        row[n++] = (byte)',';
        n += FormatInteger(tx.TerminalId, row[n..]);
        row[n++] = (byte)',';
        n += FormatInteger(tx.AmountMinor / 100, row[n..]);
        row[n++] = (byte)'.';
        var cents = (int)(tx.AmountMinor % 100);
        row[n++] = (byte)('0' + (cents / 10));
        row[n++] = (byte)('0' + (cents % 10));
        row[n++] = (byte)',';
        var seconds = (tx.EventTimeMs - _startUnixMs) / 1000; // exact: whole seconds were checked
        n += FormatInteger(seconds, row[n..]);
        row[n++] = (byte)',';
        n += FormatInteger(FloorDivide(seconds, 86_400), row[n..]);
        row[n++] = (byte)',';
        row[n++] = transaction.IsFraud ? (byte)'1' : (byte)'0';
        row[n++] = (byte)',';
        n += FormatInteger(transaction.Scenario, row[n..]);
        row[n++] = (byte)'\n';

        _length += n;
        RowsWritten++;
    }

    /// <summary>Writes the buffered rows to the stream and flushes it.</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        FlushBuffer();
        _stream.Flush();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            FlushBuffer();
            _stream.Flush();
        }
        finally
        {
            _disposed = true;
            if (!_leaveOpen)
            {
                _target.Dispose();
            }
        }
    }

    private static void Validate(in SimulatedTransaction transaction)
    {
        var tx = transaction.Transaction;
        if (string.IsNullOrEmpty(tx.CardId) || (tx.CardId.Length > 1 && tx.CardId[0] == '0')
            || !int.TryParse(tx.CardId, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            throw new ArgumentException($"Transaction {tx.TransactionId}: the card id '{tx.CardId}' is not a customer id (a decimal integer up to 2147483647, no leading zero).", nameof(transaction));
        }

        if (tx.TransactionId < 0 || tx.TerminalId < 0 || tx.AmountMinor < 0 || transaction.Scenario < 0)
        {
            throw new ArgumentException($"Transaction {tx.TransactionId}: ids, amount and scenario must not be negative.", nameof(transaction));
        }

        if (tx.AmountMinor >= 1_000_000_000_000_000 || tx.TransactionId > 999_999_999_999_999_999 || tx.TerminalId > 999_999_999_999_999_999)
        {
            throw new ArgumentException($"Transaction {tx.TransactionId}: a value is too large for the format.", nameof(transaction));
        }

        if (tx.EventTimeMs % 1000 != 0 || tx.EventTimeMs is < MinUnixMs or > MaxUnixMs)
        {
            throw new ArgumentException(
                $"Transaction {tx.TransactionId}: event time {tx.EventTimeMs} ms is not a whole second between years 1 and 9999 (TX_DATETIME has no milliseconds).",
                nameof(transaction));
        }
    }

    private void FlushBuffer()
    {
        if (_length > 0)
        {
            _stream.Write(_buffer, 0, _length);
            _length = 0;
        }
    }

    private int FormatDateTime(long unixMs, Span<byte> destination)
    {
        var dayIndex = FloorDivide(unixMs, MillisecondsPerDay);
        if (dayIndex != _lastDayIndex)
        {
            var date = DateOnly.FromDayNumber((int)(UnixEpochDayNumber + dayIndex));
            if (!date.TryFormat(_lastDate, out _, "yyyy-MM-dd", CultureInfo.InvariantCulture))
            {
                throw new InvalidOperationException("A date did not format to 10 bytes.");
            }

            _lastDayIndex = dayIndex;
        }

        _lastDate.CopyTo(destination);
        var secondOfDay = (int)((unixMs - (dayIndex * MillisecondsPerDay)) / 1000);
        destination[10] = (byte)' ';
        TwoDigits(secondOfDay / 3600, destination[11..]);
        destination[13] = (byte)':';
        TwoDigits(secondOfDay / 60 % 60, destination[14..]);
        destination[16] = (byte)':';
        TwoDigits(secondOfDay % 60, destination[17..]);
        return 19;
    }

    private static void TwoDigits(int value, Span<byte> destination)
    {
        destination[0] = (byte)('0' + (value / 10));
        destination[1] = (byte)('0' + (value % 10));
    }

    private static int FormatInteger(long value, Span<byte> destination)
    {
        if (!Utf8Formatter.TryFormat(value, destination, out var written))
        {
            throw new InvalidOperationException("The row buffer is too small.");
        }

        return written;
    }

    private static long FloorDivide(long value, long divisor)
    {
        var quotient = value / divisor;
        return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient;
    }
}
