namespace Fraud.Orleans.Silo.Drift;

/// <summary>
/// Counts per bin over a sliding window: a ring of time buckets, each a counts array that writers increment with
/// <see cref="Interlocked"/>. Moving to a new bucket (once per bucket width) swaps in a fresh array under a lock;
/// a writer that read the old one a moment earlier still counts into it, so at most a handful of counts land one
/// bucket early or late.
/// </summary>
internal sealed class DriftWindow
{
    private readonly Bucket?[] _ring;
    private readonly long _bucketTicks;
    private readonly int _bins;
    private readonly Lock _rotate = new();
    private volatile Bucket _current;

    public DriftWindow(int bins, int buckets, TimeSpan bucketWidth)
    {
        _bins = bins;
        _ring = new Bucket?[buckets];
        _bucketTicks = bucketWidth.Ticks;
        _current = new Bucket(long.MinValue, new long[bins]);
    }

    /// <summary>The counts of the bucket <paramref name="nowTicks"/> falls in.</summary>
    public long[] CountsAt(long nowTicks)
    {
        var index = nowTicks / _bucketTicks;
        var current = _current;
        return current.Index == index || index < current.Index ? current.Counts : Rotate(index);
    }

    /// <summary>Adds the counts of the buckets within the window ending at <paramref name="nowTicks"/> into <paramref name="into"/>.</summary>
    public void Sum(long nowTicks, Span<long> into)
    {
        into.Clear();
        var index = nowTicks / _bucketTicks;
        foreach (var bucket in _ring)
        {
            if (bucket is null || bucket.Index > index || bucket.Index <= index - _ring.Length)
            {
                continue;
            }

            var counts = bucket.Counts;
            for (var i = 0; i < into.Length; i++)
            {
                into[i] += Volatile.Read(ref counts[i]);
            }
        }
    }

    private long[] Rotate(long index)
    {
        lock (_rotate)
        {
            if (_current.Index < index)
            {
                var slot = (int)(((index % _ring.Length) + _ring.Length) % _ring.Length);
                var bucket = new Bucket(index, new long[_bins]);
                _ring[slot] = bucket;
                _current = bucket;
            }

            return _current.Counts;
        }
    }

    private sealed record Bucket(long Index, long[] Counts);
}
