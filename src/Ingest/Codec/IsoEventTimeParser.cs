namespace Fraud.Orleans.Ingest.Codec;

/// <summary>
/// Converts the <c>eventTime</c> of a transaction message to Unix milliseconds, straight from the UTF-8 bytes:
/// <c>DateTimeOffset.TryParse</c> would need a string (an allocation per message) and accepts more than we do.
/// </summary>
internal static class IsoEventTimeParser
{
    private const long MillisecondsPerDay = 86_400_000;
    private static readonly int UnixEpochDayNumber = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    /// <summary>
    /// yyyy-MM-ddTHH:mm:ss[.f{1,9}] followed by Z, ±HH:mm, ±HHmm or ±HH ('T' may be 't' or a space, 'Z' may be 'z').
    /// </summary>
    public static string? Parse(ReadOnlySpan<byte> text, out long unixMs)
    {
        const string NotIso = "invalid eventTime: not an ISO-8601 date-time";
        unixMs = 0;
        if (text.Length < 19 || text[4] != (byte)'-' || text[7] != (byte)'-'
            || (text[10] != (byte)'T' && text[10] != (byte)'t' && text[10] != (byte)' ')
            || text[13] != (byte)':' || text[16] != (byte)':')
        {
            return NotIso;
        }

        if (!Digits(text[..4], out var year) || !Digits(text.Slice(5, 2), out var month) || !Digits(text.Slice(8, 2), out var day)
            || !Digits(text.Slice(11, 2), out var hour) || !Digits(text.Slice(14, 2), out var minute)
            || !Digits(text.Slice(17, 2), out var second))
        {
            return NotIso;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return NotIso;
        }

        var rest = text[19..];
        var milliseconds = 0;
        if (!rest.IsEmpty && (rest[0] == (byte)'.' || rest[0] == (byte)','))
        {
            var digits = 1;
            while (digits < rest.Length && (uint)(rest[digits] - '0') <= 9)
            {
                digits++;
            }

            var fraction = rest[1..digits];
            if (fraction.IsEmpty || fraction.Length > 9)
            {
                return NotIso;
            }

            for (var i = 0; i < 3; i++)
            {
                milliseconds = (milliseconds * 10) + (i < fraction.Length ? fraction[i] - '0' : 0);
            }

            rest = rest[digits..];
        }

        long offsetMinutes;
        if (rest.Length == 1 && (rest[0] == (byte)'Z' || rest[0] == (byte)'z'))
        {
            offsetMinutes = 0;
        }
        else if (rest.IsEmpty)
        {
            return "invalid eventTime: no UTC offset";
        }
        else if (rest[0] is (byte)'+' or (byte)'-')
        {
            var sign = rest[0] == (byte)'-' ? -1 : 1;
            var offset = rest[1..];
            int offsetHours, offsetMins = 0;
            var valid = offset.Length switch
            {
                2 => Digits(offset, out offsetHours),
                4 => Digits(offset[..2], out offsetHours) & Digits(offset[2..], out offsetMins),
                5 => Digits(offset[..2], out offsetHours) & (offset[2] == (byte)':') & Digits(offset[3..], out offsetMins),
                _ => Digits(default, out offsetHours),
            };
            if (!valid || offsetHours > 23 || offsetMins > 59)
            {
                return NotIso;
            }

            offsetMinutes = sign * ((offsetHours * 60L) + offsetMins);
        }
        else
        {
            return NotIso;
        }

        var days = (long)(new DateOnly(year, month, day).DayNumber - UnixEpochDayNumber);
        unixMs = (days * MillisecondsPerDay) + ((((hour * 60L) + minute) * 60) + second) * 1000 + milliseconds
            - (offsetMinutes * 60_000);
        if (unixMs is < TransactionCodec.MinEventTimeMs or > TransactionCodec.MaxEventTimeMs)
        {
            unixMs = 0;
            return "invalid eventTime: outside years 1..9999 in UTC";
        }

        return null;
    }

    private static bool Digits(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (var c in text)
        {
            var digit = (uint)(c - '0');
            if (digit > 9)
            {
                value = 0;
                return false;
            }

            value = (value * 10) + (int)digit;
        }

        return true;
    }
}
