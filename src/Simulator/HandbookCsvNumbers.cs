namespace Fraud.Orleans.Simulator;

/// <summary>
/// The numeric fields of handbook CSV: exact (no floating point for amounts) and allocation-free, since a handbook
/// file holds millions of lines.
/// </summary>
internal static class HandbookCsvNumbers
{
    private const long MaxAmountCents = 999_999_999_999_999; // 15 digits: well inside a long, far above any real amount

    /// <summary>Decimal integer, optional leading '-', at most 18 digits (no overflow possible).</summary>
    public static bool TryParseInteger(ReadOnlySpan<char> text, bool allowNegative, out long value)
    {
        value = 0;
        var negative = false;
        if (allowNegative && !text.IsEmpty && text[0] == '-')
        {
            negative = true;
            text = text[1..];
        }

        if (text.IsEmpty || text.Length > 18)
        {
            return false;
        }

        long result = 0;
        foreach (var c in text)
        {
            var digit = (uint)(c - '0');
            if (digit > 9)
            {
                return false;
            }

            result = (result * 10) + digit;
        }

        value = negative ? -result : result;
        return true;
    }

    /// <summary>"57.16" -> 5716, "146" -> 14600, "0.5" -> 50; no sign, no exponent, at most 2 decimals.</summary>
    public static bool TryParseAmount(ReadOnlySpan<char> text, out long cents)
    {
        cents = 0;
        var dot = text.IndexOf('.');
        var integerPart = dot < 0 ? text : text[..dot];
        var fractionPart = dot < 0 ? default : text[(dot + 1)..];
        if (integerPart.IsEmpty || integerPart.Length > 13 || (dot >= 0 && fractionPart.Length is < 1 or > 2))
        {
            return false;
        }

        if (!TryParseInteger(integerPart, allowNegative: false, out var units))
        {
            return false;
        }

        long fraction = 0;
        for (var i = 0; i < 2; i++)
        {
            var digit = 0u;
            if (i < fractionPart.Length)
            {
                digit = (uint)(fractionPart[i] - '0');
                if (digit > 9)
                {
                    return false;
                }
            }

            fraction = (fraction * 10) + digit;
        }

        cents = (units * 100) + fraction;
        return cents <= MaxAmountCents;
    }
}
