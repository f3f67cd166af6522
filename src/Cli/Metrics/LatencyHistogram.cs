using HdrHistogram;

namespace Fraud.Orleans.Cli.Metrics;

/// <summary>
/// Latencies in microseconds from 1 µs to 100 s on an HdrHistogram with 3 significant digits: a percentile is the
/// highest value of its bucket, so it is never below what was measured and at most 0.1% above it. Latencies beyond
/// 100 s count as 100 s (the bench's value for a transaction that never completed).
/// </summary>
public sealed class LatencyHistogram
{
    /// <summary>The highest latency told apart, in microseconds.</summary>
    public const long CeilingMicros = 100_000_000;

    private const int SignificantDigits = 3;

    private readonly HistogramBase _histogram;

    private LatencyHistogram(HistogramBase histogram) => _histogram = histogram;

    /// <summary>Safe to record into from several threads at once.</summary>
    public static LatencyHistogram Concurrent() => new(new LongConcurrentHistogram(1, CeilingMicros, SignificantDigits));

    /// <summary>For one recording thread: cheaper per value than <see cref="Concurrent"/>.</summary>
    public static LatencyHistogram SingleThreaded() => new(new LongHistogram(CeilingMicros, SignificantDigits));

    /// <summary>
    /// A recorder from several threads whose <see cref="IntervalRecorder.TakeInterval"/> hands over what was recorded
    /// since the previous call without stopping the recording threads.
    /// </summary>
    public static IntervalRecorder Interval() => new(new Recorder(1, CeilingMicros, SignificantDigits,
        (id, lowest, highest, digits) => new LongHistogram(id, lowest, highest, digits)));

    public long Count => _histogram.TotalCount;

    public double MaxMs => Clamp(_histogram.GetMaxValue()) / 1000.0;

    public void RecordMs(double milliseconds) => RecordMicros((long)Math.Round(milliseconds * 1000));

    public void RecordMicros(long micros) => _histogram.RecordValue(Math.Clamp(micros, 1, CeilingMicros));

    /// <summary>The latency at quantile <paramref name="q"/> (0..1) in milliseconds; 0 when empty.</summary>
    public double PercentileMs(double q) => Count == 0 ? 0 : Clamp(_histogram.GetValueAtPercentile(q * 100)) / 1000.0;

    // The top bucket reaches past the ceiling; a latency recorded as the ceiling reads back as exactly the ceiling.
    private static long Clamp(long micros) => Math.Min(micros, CeilingMicros);

    /// <summary>Records latencies from several threads and hands them over interval by interval.</summary>
    public sealed class IntervalRecorder
    {
        private readonly Recorder _recorder;

        internal IntervalRecorder(Recorder recorder) => _recorder = recorder;

        public void RecordMs(double milliseconds) => _recorder.RecordValue(Math.Clamp((long)Math.Round(milliseconds * 1000), 1, CeilingMicros));

        /// <summary>Everything recorded since the previous call (or since creation).</summary>
        public LatencyHistogram TakeInterval() => new(_recorder.GetIntervalHistogram());
    }
}
