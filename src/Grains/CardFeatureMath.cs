using Fraud.Orleans.GrainInterfaces;

namespace Fraud.Orleans.Grains;

/// <summary>The handbook's feature definitions, shared by live scoring and by duplicate replies.</summary>
public static class CardFeatureMath
{
    public const long MillisPerDay = 86_400_000;

    public static bool IsWeekend(long eventTimeMs)
    {
        var day = DayOfWeekOf(eventTimeMs);
        return day is DayOfWeek.Saturday or DayOfWeek.Sunday;
    }

    /// <summary>Night is 00:00 to 06:59 (hour &lt;= 6), as in the handbook.</summary>
    public static bool IsNight(long eventTimeMs) => HourOf(eventTimeMs) <= 6;

    public static CardFeatures Compose(
        long amountMinor, long eventTimeMs,
        int count1, long sum1, int count7, long sum7, int count30, long sum30,
        double secondsSincePrevious) => new(
            amountMinor / 100.0,
            IsWeekend(eventTimeMs),
            IsNight(eventTimeMs),
            count1, Mean(sum1, count1),
            count7, Mean(sum7, count7),
            count30, Mean(sum30, count30),
            secondsSincePrevious);

    /// <summary>
    /// Amount over the mean of <paramref name="earlierCount"/> earlier amounts summing to <paramref name="earlierSumMinor"/>,
    /// as one division of exact integers (as model/features.py computes it); -1 when there is nothing to compare with.
    /// </summary>
    public static double AmountToEarlierMean(long amountMinor, int earlierCount, long earlierSumMinor) =>
        earlierCount <= 0 || earlierSumMinor == 0
            ? CardPatterns.NoEarlierAmount
            : (double)(amountMinor * earlierCount) / earlierSumMinor;

    /// <summary>
    /// (amount - mean) / population standard deviation of <paramref name="count"/> earlier amounts summing to
    /// <paramref name="sumMinor"/> with squares summing to <paramref name="sumSquares"/>, as model/features.py computes
    /// it: (cents * m - S) / sqrt(m * Q - S * S), exact integers, one square root and one division;
    /// <see cref="CardPatterns.NoZScore"/> with fewer than 2 amounts or no spread.
    /// </summary>
    public static double ZScore(long amountMinor, int count, long sumMinor, long sumSquares)
    {
        // 128 bits: m * Q and S * S overflow a long well before amounts stop being plausible card amounts.
        var radicand = ((Int128)count * sumSquares) - ((Int128)sumMinor * sumMinor);
        return count < 2 || radicand == 0
            ? CardPatterns.NoZScore
            : (double)(((Int128)amountMinor * count) - sumMinor) / Math.Sqrt((double)radicand);
    }

    /// <summary>Calendar day of <paramref name="eventTimeMs"/>: whole days since 1970-01-01 (event times are naive, as in the handbook).</summary>
    public static long DayOf(long eventTimeMs) => FloorDiv(eventTimeMs, MillisPerDay);

    // Sums stay in exact integer cents; only the mean is rounded, once.
    private static double Mean(long sumMinor, int count) => count == 0 ? 0 : sumMinor / 100.0 / count;

    private static int HourOf(long eventTimeMs) => (int)(FloorMod(eventTimeMs, MillisPerDay) / 3_600_000);

    // 1970-01-01 was a Thursday.
    private static DayOfWeek DayOfWeekOf(long eventTimeMs) =>
        (DayOfWeek)(int)FloorMod(FloorDiv(eventTimeMs, MillisPerDay) + (int)DayOfWeek.Thursday, 7);

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    private static long FloorMod(long a, long b) => a - FloorDiv(a, b) * b;
}
