using System.IO.Compression;

namespace Fraud.Orleans.Simulator;

/// <summary>
/// The CSV format of the fraud-detection handbook's simulated data set (see shared/data/README.md):
/// <c>TRANSACTION_ID,TX_DATETIME,CUSTOMER_ID,TERMINAL_ID,TX_AMOUNT,TX_TIME_SECONDS,TX_TIME_DAYS,TX_FRAUD,TX_FRAUD_SCENARIO</c>,
/// <c>\n</c> line endings, <c>TX_DATETIME</c> as <c>yyyy-MM-dd HH:mm:ss</c> UTC, <c>TX_AMOUNT</c> with 2 decimals,
/// times relative to a start date (2018-04-01 by default). Plain or gzip-compressed.
/// </summary>
public static class HandbookCsv
{
    /// <summary>The header line, without its line ending.</summary>
    public const string Header =
        "TRANSACTION_ID,TX_DATETIME,CUSTOMER_ID,TERMINAL_ID,TX_AMOUNT,TX_TIME_SECONDS,TX_TIME_DAYS,TX_FRAUD,TX_FRAUD_SCENARIO";

    /// <summary>The date from which TX_TIME_SECONDS and TX_TIME_DAYS count in the handbook's data.</summary>
    public static readonly DateOnly DefaultStartDate = new(2018, 4, 1);

    /// <summary>
    /// Streams the transactions of a handbook CSV file (gzip-compressed when its first bytes say so, whatever its
    /// name). The file is opened on the first <c>MoveNext</c> and closed when the enumeration ends or is disposed.
    /// Malformed content throws <see cref="HandbookCsvFormatException"/> naming the line.
    /// </summary>
    public static IEnumerable<SimulatedTransaction> Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return ReadIterator(path);

        static IEnumerable<SimulatedTransaction> ReadIterator(string path)
        {
            using var reader = HandbookCsvReader.Open(path);
            while (reader.TryRead(out var transaction))
            {
                yield return transaction;
            }
        }
    }

    /// <summary>Streams the transactions of a handbook CSV stream (plain or gzip, detected from its first bytes).</summary>
    public static IEnumerable<SimulatedTransaction> Read(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ReadIterator(stream, leaveOpen);

        static IEnumerable<SimulatedTransaction> ReadIterator(Stream stream, bool leaveOpen)
        {
            using var reader = new HandbookCsvReader(stream, leaveOpen);
            while (reader.TryRead(out var transaction))
            {
                yield return transaction;
            }
        }
    }

    /// <summary>
    /// Writes <paramref name="transactions"/> to a file, gzip-compressed when the name ends with <c>.gz</c>.
    /// Returns the number of rows written.
    /// </summary>
    public static long Write(string path, IEnumerable<SimulatedTransaction> transactions, DateOnly? startDate = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(transactions);
        using var writer = HandbookCsvWriter.Create(path, startDate);
        foreach (var transaction in transactions)
        {
            writer.Write(transaction);
        }

        return writer.RowsWritten;
    }

    /// <summary>Writes <paramref name="transactions"/> to a stream (plain CSV). Returns the number of rows written.</summary>
    public static long Write(Stream stream, IEnumerable<SimulatedTransaction> transactions, DateOnly? startDate = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(transactions);
        using var writer = new HandbookCsvWriter(stream, startDate, leaveOpen);
        foreach (var transaction in transactions)
        {
            writer.Write(transaction);
        }

        return writer.RowsWritten;
    }

    internal static bool IsGzipPath(string path) => path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);

    internal static Stream OpenGzipForWriting(Stream stream, bool leaveOpen) =>
        new GZipStream(stream, CompressionLevel.Optimal, leaveOpen);
}

/// <summary>Malformed handbook CSV content; <see cref="LineNumber"/> is 1-based (the header is line 1).</summary>
public sealed class HandbookCsvFormatException : FormatException
{
    public HandbookCsvFormatException()
    {
    }

    public HandbookCsvFormatException(string message)
        : base(message)
    {
    }

    public HandbookCsvFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public HandbookCsvFormatException(long lineNumber, string reason)
        : base(FormattableString.Invariant($"Handbook CSV line {lineNumber}: {reason}"))
    {
        LineNumber = lineNumber;
        Reason = reason;
    }

    public long LineNumber { get; }

    public string? Reason { get; }
}
