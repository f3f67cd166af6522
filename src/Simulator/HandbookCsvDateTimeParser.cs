namespace Fraud.Orleans.Simulator;

/// <summary>
/// Parses <c>TX_DATETIME</c> ("yyyy-MM-dd HH:mm:ss", UTC). Consecutive rows usually share their date, so the
/// last date's Unix milliseconds are cached and, while the date repeats, only the time of day is parsed anew.
/// One instance per reader (not thread-safe).
/// </summary>
internal sealed class HandbookCsvDateTimeParser
{
    private const long MillisecondsPerDay = 86_400_000;
    private static readonly int UnixEpochDayNumber = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    private readonly char[] _lastDate = new char[10];
    private bool _hasLastDate;
    private long _lastDateUnixMs;

    /// <summary>"2018-04-01 00:00:31" (UTC) -> Unix milliseconds.</summary>
    public bool TryParse(ReadOnlySpan<char> text, out long unixMs)
    {
        unixMs = 0;
        if (text.Length != 19 || text[4] != '-' || text[7] != '-' || text[10] != ' '
            || text[13] != ':' || text[16] != ':')
        {
            return false;
        }

        if (!TwoDigits(text, 11, out var hour) || hour > 23
            || !TwoDigits(text, 14, out var minute) || minute > 59
            || !TwoDigits(text, 17, out var second) || second > 59)
        {
            return false;
        }

        var date = text[..10];
        if (!_hasLastDate || !date.SequenceEqual(_lastDate))
        {
            if (!TwoDigits(text, 0, out var century) || !TwoDigits(text, 2, out var yearInCentury)
                || !TwoDigits(text, 5, out var month) || !TwoDigits(text, 8, out var day))
            {
                return false;
            }

            var year = (century * 100) + yearInCentury;
            if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
            {
                return false;
            }

            _lastDateUnixMs = (long)(new DateOnly(year, month, day).DayNumber - UnixEpochDayNumber) * MillisecondsPerDay;
            date.CopyTo(_lastDate);
            _hasLastDate = true;
        }

        unixMs = _lastDateUnixMs + ((((hour * 60L) + minute) * 60) + second) * 1000;
        return true;
    }

    private static bool TwoDigits(ReadOnlySpan<char> text, int index, out int value)
    {
        var tens = (uint)(text[index] - '0');
        var ones = (uint)(text[index + 1] - '0');
        value = (int)((tens * 10) + ones);
        return tens <= 9 && ones <= 9;
    }
}
