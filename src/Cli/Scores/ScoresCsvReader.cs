using System.Globalization;
using Sylvan.Data.Csv;

namespace Fraud.Orleans.Cli.Scores;

/// <summary>One row of a scores file; <c>ChallengerScore</c> where the file has the challenger's column.</summary>
public readonly record struct ScoreRow(long TransactionId, long CustomerId, long EventTimeMs, double Score, long LineNumber, double? ChallengerScore = null);

/// <summary>Reads <see cref="ScoresCsv"/> with Sylvan.Data.Csv, refusing anything else with the line and the reason.</summary>
public static class ScoresCsvReader
{
    /// <summary>Every row by TRANSACTION_ID.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">Wrong header, an unparsable row or a TRANSACTION_ID given twice (message names the line).</exception>
    public static Dictionary<long, ScoreRow> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"scores file '{Path.GetFullPath(path)}' does not exist.", path);
        }

        using var csv = Open(path);
        var rows = new Dictionary<long, ScoreRow>();
        while (csv.Read())
        {
            // Sylvan numbers the records after the header from 1, blank lines included.
            var lineNumber = csv.RowNumber + 1;
            if (csv.RowFieldCount == 1 && csv.GetFieldSpan(0).IsEmpty)
            {
                continue;
            }

            var row = Parse(csv, lineNumber) ?? throw new InvalidDataException(
                $"{path} line {lineNumber}: '{Excerpt(csv.GetRawRecordSpan().TrimEnd("\r\n"))}' is not TRANSACTION_ID,CUSTOMER_ID,TX_DATETIME (yyyy-MM-dd HH:mm:ss),score (a finite number),decision[,challenger_score (a finite number)].");
            if (!rows.TryAdd(row.TransactionId, row))
            {
                throw new InvalidDataException($"{path} line {lineNumber}: TRANSACTION_ID {row.TransactionId} was already on line {rows[row.TransactionId].LineNumber}.");
            }
        }

        return rows;
    }

    private static CsvDataReader Open(string path)
    {
        CsvDataReader csv;
        try
        {
            csv = CsvDataReader.Create(path, new CsvDataReaderOptions { HasHeaders = true, Delimiter = ',' });
        }
        catch (CsvMissingHeadersException)
        {
            throw new InvalidDataException($"{path} line 1: expected the header '{ScoresCsv.Header}' but found '(empty file)'.");
        }

        var header = string.Join(',', Enumerable.Range(0, csv.FieldCount).Select(csv.GetName));
        if (header is not (ScoresCsv.Header or ScoresCsv.HeaderWithChallenger))
        {
            csv.Dispose();
            throw new InvalidDataException($"{path} line 1: expected the header '{ScoresCsv.Header}' (or with ',{ScoresCsv.ChallengerColumn}') but found '{Excerpt(header)}'.");
        }

        return csv;
    }

    private static ScoreRow? Parse(CsvDataReader csv, long lineNumber)
    {
        if (csv.RowFieldCount != csv.FieldCount
            || !long.TryParse(csv.GetFieldSpan(0), NumberStyles.None, CultureInfo.InvariantCulture, out var transactionId)
            || !long.TryParse(csv.GetFieldSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var customerId)
            || !ScoresCsv.TryParseDateTime(csv.GetFieldSpan(2), out var eventTimeMs)
            || !double.TryParse(csv.GetFieldSpan(3), NumberStyles.Float, CultureInfo.InvariantCulture, out var score)
            || !double.IsFinite(score))
        {
            return null;
        }

        if (csv.FieldCount == 6)
        {
            return double.TryParse(csv.GetFieldSpan(5), NumberStyles.Float, CultureInfo.InvariantCulture, out var challenger) && double.IsFinite(challenger)
                ? new ScoreRow(transactionId, customerId, eventTimeMs, score, lineNumber, challenger)
                : null;
        }

        return new ScoreRow(transactionId, customerId, eventTimeMs, score, lineNumber);
    }

    private static string Excerpt(ReadOnlySpan<char> line) => line.Length > 120 ? string.Concat(line[..120], "...") : line.ToString();
}
