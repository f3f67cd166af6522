using System.Text;
using Fraud.Orleans.GrainInterfaces;
using Sylvan.Data.Csv;

namespace Fraud.Orleans.Simulator;

/// <summary>
/// Reads handbook CSV (see <see cref="HandbookCsv"/>) with Sylvan.Data.Csv: plain or gzip, detected from the first
/// bytes. Amounts are parsed to cents exactly (no floating point), <c>TX_DATETIME</c> is read as UTC, and card ids
/// are the customer ids as decimal strings, one shared instance per customer. Malformed content throws
/// <see cref="HandbookCsvFormatException"/> naming the line and the column; <c>\r\n</c> endings and blank lines are
/// tolerated.
/// </summary>
public sealed class HandbookCsvReader : IDisposable
{
    private const int FieldCount = 9;
    private const int BufferSize = 1 << 16;

    private static readonly string[] Columns = HandbookCsv.Header.Split(',');

    private readonly Stream _source;
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly StreamReader _text;
    private readonly CardIdCache _cardIds = new();
    private readonly HandbookCsvDateTimeParser _dateTimes = new();
    private CsvDataReader? _csv;
    private bool _disposed;

    /// <summary>Reads <paramref name="stream"/>, decompressing it when it starts with the gzip magic bytes.</summary>
    public HandbookCsvReader(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _source = stream;
        _leaveOpen = leaveOpen;
        _stream = GzipDetection.DecompressIfGzip(stream);
        _text = new StreamReader(_stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, BufferSize, leaveOpen: true);
    }

    /// <summary>Opens a file (plain or gzip, detected from its first bytes).</summary>
    public static HandbookCsvReader Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        try
        {
            return new HandbookCsvReader(file, leaveOpen: false);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The 1-based number of the last record read (the header is line 1).</summary>
    public long LineNumber => _csv is null ? 0 : Line(_csv);

    /// <summary>Reads the next transaction; false at the end of the data.</summary>
    public bool TryRead(out SimulatedTransaction transaction)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var csv = _csv ??= OpenCsv();
        bool read;
        try
        {
            read = csv.Read();
        }
        catch (CsvRecordTooLargeException)
        {
            throw new HandbookCsvFormatException(Line(csv), FormattableString.Invariant($"the line is longer than {BufferSize} characters"));
        }

        while (read && csv.RowFieldCount == 1 && csv.GetFieldSpan(0).IsEmpty)
        {
            read = csv.Read(); // a blank line
        }

        if (!read)
        {
            transaction = default;
            return false;
        }

        transaction = ParseRecord(csv);
        return true;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _csv?.Dispose();
        _text.Dispose();
        if (!ReferenceEquals(_stream, _source))
        {
            _stream.Dispose();
        }

        if (!_leaveOpen)
        {
            _source.Dispose();
        }
    }

    private CsvDataReader OpenCsv()
    {
        var options = new CsvDataReaderOptions
        {
            HasHeaders = true,
            Delimiter = ',',
            BufferSize = BufferSize,
            MaxBufferSize = BufferSize,
            OwnsReader = false,
        };
        CsvDataReader csv;
        try
        {
            csv = CsvDataReader.Create(_text, options);
        }
        catch (CsvMissingHeadersException)
        {
            throw new HandbookCsvFormatException(1, "the data is empty: the header line is missing");
        }

        var found = string.Join(',', Enumerable.Range(0, csv.FieldCount).Select(csv.GetName));
        if (found != HandbookCsv.Header)
        {
            throw new HandbookCsvFormatException(1, $"expected the header '{HandbookCsv.Header}' but found '{Excerpt(found)}'");
        }

        return csv;
    }

    private SimulatedTransaction ParseRecord(CsvDataReader csv)
    {
        if (csv.RowFieldCount != FieldCount)
        {
            throw new HandbookCsvFormatException(Line(csv), FormattableString.Invariant(
                $"expected {FieldCount} comma-separated fields but found {csv.RowFieldCount} in '{Excerpt(csv.GetRawRecordSpan().TrimEnd("\r\n"))}'"));
        }

        var transactionIdText = csv.GetFieldSpan(0);
        if (!HandbookCsvNumbers.TryParseInteger(transactionIdText, allowNegative: false, out var transactionId))
        {
            throw Invalid(csv, 0, "a non-negative integer");
        }

        if (!_dateTimes.TryParse(csv.GetFieldSpan(1), out var eventTimeMs))
        {
            throw Invalid(csv, 1, "a date and time 'yyyy-MM-dd HH:mm:ss'");
        }

        if (!HandbookCsvNumbers.TryParseInteger(csv.GetFieldSpan(2), allowNegative: false, out var customerId) || customerId > int.MaxValue)
        {
            throw Invalid(csv, 2, "an integer between 0 and 2147483647");
        }

        if (!HandbookCsvNumbers.TryParseInteger(csv.GetFieldSpan(3), allowNegative: false, out var terminalId))
        {
            throw Invalid(csv, 3, "a non-negative integer");
        }

        if (!HandbookCsvNumbers.TryParseAmount(csv.GetFieldSpan(4), out var amountCents))
        {
            throw Invalid(csv, 4, "a non-negative amount with at most 2 decimals");
        }

        if (!HandbookCsvNumbers.TryParseInteger(csv.GetFieldSpan(5), allowNegative: true, out _))
        {
            throw Invalid(csv, 5, "an integer");
        }

        if (!HandbookCsvNumbers.TryParseInteger(csv.GetFieldSpan(6), allowNegative: true, out _))
        {
            throw Invalid(csv, 6, "an integer");
        }

        var fraudText = csv.GetFieldSpan(7);
        if (fraudText is not "0" and not "1")
        {
            throw Invalid(csv, 7, "0 or 1");
        }

        if (!HandbookCsvNumbers.TryParseInteger(csv.GetFieldSpan(8), allowNegative: false, out var scenario) || scenario > int.MaxValue)
        {
            throw Invalid(csv, 8, "a non-negative integer");
        }

        var transaction = new Transaction(transactionId, _cardIds.Get((int)customerId), terminalId, amountCents, eventTimeMs);
        return new SimulatedTransaction(transaction, fraudText[0] == '1', (int)scenario);
    }

    private static HandbookCsvFormatException Invalid(CsvDataReader csv, int ordinal, string expected) =>
        new(Line(csv), $"{Columns[ordinal]} '{Excerpt(csv.GetFieldSpan(ordinal))}' is not {expected}");

    // Sylvan numbers the records after the header from 1, blank lines included.
    private static long Line(CsvDataReader csv) => csv.RowNumber + 1;

    private static string Excerpt(ReadOnlySpan<char> text)
    {
        const int MaxLength = 120;
        return text.Length > MaxLength ? string.Concat(text[..MaxLength], "...") : text.ToString();
    }
}
