using System.Text;
using Fraud.Orleans.GrainInterfaces;

namespace Fraud.Orleans.Simulator;

// Turning one line into a record: the header check, the split into fields, the per-column validation, and
// error messages that name the line and quote the offending text.
public sealed partial class HandbookCsvReader
{
    private void ReadHeader(ReadOnlySpan<byte> line)
    {
        if (line.StartsWith("\uFEFF"u8))
        {
            line = line[3..];
        }

        if (!line.SequenceEqual(HeaderBytes))
        {
            throw new HandbookCsvFormatException(_lineNumber, $"expected the header '{HandbookCsv.Header}' but found '{Excerpt(line)}'");
        }

        _headerRead = true;
    }

    private SimulatedTransaction ParseLine(ReadOnlySpan<byte> line)
    {
        var rest = line;
        var transactionIdText = NextField(ref rest, line, 0);
        var dateTimeText = NextField(ref rest, line, 1);
        var customerIdText = NextField(ref rest, line, 2);
        var terminalIdText = NextField(ref rest, line, 3);
        var amountText = NextField(ref rest, line, 4);
        var timeSecondsText = NextField(ref rest, line, 5);
        var timeDaysText = NextField(ref rest, line, 6);
        var fraudText = NextField(ref rest, line, 7);
        var scenarioText = NextField(ref rest, line, 8);

        if (!HandbookCsvNumbers.TryParseInteger(transactionIdText, allowNegative: false, out var transactionId))
        {
            throw Invalid("TRANSACTION_ID", transactionIdText, "a non-negative integer");
        }

        if (!_dateTimes.TryParse(dateTimeText, out var eventTimeMs))
        {
            throw Invalid("TX_DATETIME", dateTimeText, "a date and time 'yyyy-MM-dd HH:mm:ss'");
        }

        if (!HandbookCsvNumbers.TryParseInteger(customerIdText, allowNegative: false, out var customerId) || customerId > int.MaxValue)
        {
            throw Invalid("CUSTOMER_ID", customerIdText, "an integer between 0 and 2147483647");
        }

        if (!HandbookCsvNumbers.TryParseInteger(terminalIdText, allowNegative: false, out var terminalId))
        {
            throw Invalid("TERMINAL_ID", terminalIdText, "a non-negative integer");
        }

        if (!HandbookCsvNumbers.TryParseAmount(amountText, out var amountCents))
        {
            throw Invalid("TX_AMOUNT", amountText, "a non-negative amount with at most 2 decimals");
        }

        if (!HandbookCsvNumbers.TryParseInteger(timeSecondsText, allowNegative: true, out _))
        {
            throw Invalid("TX_TIME_SECONDS", timeSecondsText, "an integer");
        }

        if (!HandbookCsvNumbers.TryParseInteger(timeDaysText, allowNegative: true, out _))
        {
            throw Invalid("TX_TIME_DAYS", timeDaysText, "an integer");
        }

        if (fraudText.Length != 1 || (fraudText[0] != (byte)'0' && fraudText[0] != (byte)'1'))
        {
            throw Invalid("TX_FRAUD", fraudText, "0 or 1");
        }

        if (!HandbookCsvNumbers.TryParseInteger(scenarioText, allowNegative: false, out var scenario) || scenario > int.MaxValue)
        {
            throw Invalid("TX_FRAUD_SCENARIO", scenarioText, "a non-negative integer");
        }

        var transaction = new Transaction(transactionId, _cardIds.Get((int)customerId), terminalId, amountCents, eventTimeMs);
        return new SimulatedTransaction(transaction, fraudText[0] == (byte)'1', (int)scenario);
    }

    private ReadOnlySpan<byte> NextField(ref ReadOnlySpan<byte> rest, ReadOnlySpan<byte> line, int index)
    {
        var comma = rest.IndexOf((byte)',');
        ReadOnlySpan<byte> field;
        if (index < FieldCount - 1)
        {
            if (comma < 0)
            {
                throw WrongFieldCount(line);
            }

            field = rest[..comma];
            rest = rest[(comma + 1)..];
        }
        else
        {
            if (comma >= 0)
            {
                throw WrongFieldCount(line);
            }

            field = rest;
            rest = default;
        }

        return field;
    }

    private HandbookCsvFormatException WrongFieldCount(ReadOnlySpan<byte> line) =>
        new(_lineNumber, FormattableString.Invariant($"expected {FieldCount} comma-separated fields but found {line.Count((byte)',') + 1} in '{Excerpt(line)}'"));

    private HandbookCsvFormatException Invalid(string column, ReadOnlySpan<byte> value, string expected) =>
        new(_lineNumber, $"{column} '{Excerpt(value)}' is not {expected}");

    private static string Excerpt(ReadOnlySpan<byte> text)
    {
        const int MaxLength = 120;
        var excerpt = Encoding.UTF8.GetString(text.Length > MaxLength ? text[..MaxLength] : text);
        return text.Length > MaxLength ? excerpt + "..." : excerpt;
    }
}
