namespace Fraud.Orleans.Cli.Metrics;

/// <summary>
/// Lock-free latency histogram with logarithmic buckets (about 1% wide) from 1 µs to 100 s: recording
/// costs a logarithm and an interlocked increment, percentiles are read from the bucket counts.
/// </summary>
public sealed class LatencyHistogram
{
    private const double BucketsPerE = 100;
    private readonly long[] _counts = new long[(int)(Math.Log(100_000_000) * BucketsPerE) + 2];
    private long _total;
    private long _maxMicros;

    public long Count => Volatile.Read(ref _total);

    public double MaxMs => Volatile.Read(ref _maxMicros) / 1000.0;

    public void RecordMs(double milliseconds) => RecordMicros((long)Math.Round(milliseconds * 1000));

    public void RecordMicros(long micros)
    {
        micros = Math.Clamp(micros, 1, 100_000_000);
        var bucket = (int)(Math.Log(micros) * BucketsPerE);
        Interlocked.Increment(ref _counts[bucket]);
        Interlocked.Increment(ref _total);
        long max;
        while (micros > (max = Volatile.Read(ref _maxMicros)) && Interlocked.CompareExchange(ref _maxMicros, micros, max) != max)
        {
        }
    }

    /// <summary>The latency at quantile <paramref name="q"/> (0..1) in milliseconds; 0 when empty.</summary>
    public double PercentileMs(double q)
    {
        var total = Count;
        if (total == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(q * total);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Volatile.Read(ref _counts[i]);
            if (seen >= rank)
            {
                // Upper edge of the bucket: never report a latency lower than was measured.
                return Math.Min(Math.Exp((i + 1) / BucketsPerE), Volatile.Read(ref _maxMicros)) / 1000.0;
            }
        }

        return MaxMs;
    }
}
