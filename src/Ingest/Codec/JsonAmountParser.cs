namespace Fraud.Orleans.Ingest.Codec;

/// <summary>What <see cref="JsonAmountParser.Parse"/> made of an amount; each failure has its own error message.</summary>
internal enum AmountStatus
{
    Ok,
    Negative,
    TooManyDecimals,
    TooLarge,
}

/// <summary>
/// Converts the <c>amount</c> of a transaction message to cents. Kept out of <see cref="TransactionCodec"/>
/// because it is pure digit arithmetic, testable and readable without the JSON dispatch around it.
/// </summary>
internal static class JsonAmountParser
{
    /// <summary>
    /// A JSON number (already validated by the reader: -?int(.frac)?([eE][+-]?exp)?) to cents, exactly: every digit
    /// is placed by its decimal position, so 57.16, 5716e-2 and 57.160 all give 5716 and 57.161 is refused.
    /// </summary>
    public static AmountStatus Parse(ReadOnlySpan<byte> number, out long cents)
    {
        cents = 0;
        var i = 0;
        var negative = number[0] == (byte)'-';
        if (negative)
        {
            i++;
        }

        var integerStart = i;
        while (i < number.Length && (uint)(number[i] - '0') <= 9)
        {
            i++;
        }

        var integerDigits = number[integerStart..i];
        ReadOnlySpan<byte> fractionDigits = default;
        if (i < number.Length && number[i] == (byte)'.')
        {
            var fractionStart = ++i;
            while (i < number.Length && (uint)(number[i] - '0') <= 9)
            {
                i++;
            }

            fractionDigits = number[fractionStart..i];
        }

        long exponent = 0;
        if (i < number.Length && (number[i] | 0x20) == (byte)'e')
        {
            i++;
            var exponentNegative = false;
            if (i < number.Length && number[i] is (byte)'+' or (byte)'-')
            {
                exponentNegative = number[i] == (byte)'-';
                i++;
            }

            for (; i < number.Length; i++)
            {
                exponent = Math.Min((exponent * 10) + (number[i] - '0'), 1_000_000); // saturate: far beyond any valid amount
            }

            if (exponentNegative)
            {
                exponent = -exponent;
            }
        }

        // The mantissa is integerDigits followed by fractionDigits; the digit at index j is worth 10^(point + 1 - j) cents.
        var mantissaLength = integerDigits.Length + fractionDigits.Length;
        var point = integerDigits.Length + exponent;
        int first = -1, last = -1;
        for (var j = 0; j < mantissaLength; j++)
        {
            if (MantissaDigit(integerDigits, fractionDigits, j) != 0)
            {
                if (first < 0)
                {
                    first = j;
                }

                last = j;
            }
        }

        if (first < 0)
        {
            return AmountStatus.Ok; // zero, "-0" included
        }

        if (negative)
        {
            return AmountStatus.Negative;
        }

        if (point + 1 - last < 0)
        {
            return AmountStatus.TooManyDecimals;
        }

        if (point + 1 - first > 12)
        {
            return AmountStatus.TooLarge; // at least 10^13 cents
        }

        long value = 0;
        for (long j = first; j <= point + 1; j++)
        {
            value = (value * 10) + (j < mantissaLength ? MantissaDigit(integerDigits, fractionDigits, (int)j) : 0);
        }

        if (value > TransactionCodec.MaxAmountMinor)
        {
            return AmountStatus.TooLarge;
        }

        cents = value;
        return AmountStatus.Ok;
    }

    private static int MantissaDigit(ReadOnlySpan<byte> integerDigits, ReadOnlySpan<byte> fractionDigits, int index) =>
        index < integerDigits.Length ? integerDigits[index] - '0' : fractionDigits[index - integerDigits.Length] - '0';
}
