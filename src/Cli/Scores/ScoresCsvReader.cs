using System.Globalization;

namespace Fraud.Orleans.Cli.Scores;

/// <summary>One row of a scores file.</summary>
public readonly record struct ScoreRow(long TransactionId, long CustomerId, long EventTimeMs, double Score, long LineNumber);

/// <summary>Reads <see cref="ScoresCsv"/>, refusing anything else with the line and the reason.</summary>
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

        using var reader = new StreamReader(path);
        var header = reader.ReadLine()?.TrimStart('\uFEFF').TrimEnd('\r');
        if (header != ScoresCsv.Header)
        {
            throw new InvalidDataException($"{path} line 1: expected the header '{ScoresCsv.Header}' but found '{header ?? "(empty file)"}'.");
        }

        var rows = new Dictionary<long, ScoreRow>();
        long lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            line = line.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            var row = Parse(line, lineNumber) ?? throw new InvalidDataException(
                $"{path} line {lineNumber}: '{Excerpt(line)}' is not TRANSACTION_ID,CUSTOMER_ID,TX_DATETIME (yyyy-MM-dd HH:mm:ss),score (a finite number),decision.");
            if (!rows.TryAdd(row.TransactionId, row))
            {
                throw new InvalidDataException($"{path} line {lineNumber}: TRANSACTION_ID {row.TransactionId} was already on line {rows[row.TransactionId].LineNumber}.");
            }
        }

        return rows;
    }

    private static ScoreRow? Parse(string line, long lineNumber)
    {
        var fields = line.Split(',');
        if (fields.Length != 5
            || !long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var transactionId)
            || !long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var customerId)
            || !ScoresCsv.TryParseDateTime(fields[2], out var eventTimeMs)
            || !double.TryParse(fields[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var score)
            || !double.IsFinite(score))
        {
            return null;
        }

        return new ScoreRow(transactionId, customerId, eventTimeMs, score, lineNumber);
    }

    private static string Excerpt(string line) => line.Length > 120 ? line[..120] + "..." : line;
}
