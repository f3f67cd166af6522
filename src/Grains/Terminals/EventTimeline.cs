namespace Fraud.Orleans.Grains.Terminals;

/// <summary>
/// Transaction ids ordered by (event time, id): counts over time windows by binary search, duplicates refused,
/// old entries dropped from the front. A terminal sees about one transaction a day, so arrays stay small.
/// </summary>
public sealed class EventTimeline
{
    private (long TimeMs, long Id)[] _entries = new (long, long)[8];

    public int Count { get; private set; }

    /// <summary>Entry <paramref name="index"/> in (time, id) order.</summary>
    public (long TimeMs, long Id) this[int index] => _entries[index];

    /// <summary>Adds (time, id) in order; false when that transaction is already there.</summary>
    public bool TryAdd(long timeMs, long id)
    {
        var index = LowerBound(timeMs, id);
        if (index < Count && _entries[index] == (timeMs, id))
        {
            return false;
        }

        if (Count == _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
        }

        Array.Copy(_entries, index, _entries, index + 1, Count - index);
        _entries[index] = (timeMs, id);
        Count++;
        return true;
    }

    /// <summary>
    /// Entries with time at or before <paramref name="timeMs"/>, which is also the index of the first one after it: those
    /// in (a, b] are <c>CountThrough(b) - CountThrough(a)</c>.
    /// </summary>
    public int CountThrough(long timeMs) => LowerBound(timeMs, long.MaxValue);

    public void DropAtOrBefore(long cutoffMs)
    {
        var drop = LowerBound(cutoffMs, long.MaxValue);
        if (drop > 0)
        {
            Array.Copy(_entries, drop, _entries, 0, Count - drop);
            Count -= drop;
        }
    }

    // First index whose (time, id) is not below the given one; with id = long.MaxValue, the first entry after that time.
    private int LowerBound(long timeMs, long id)
    {
        int lo = 0, hi = Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            var e = _entries[mid];
            if (e.TimeMs < timeMs || (e.TimeMs == timeMs && e.Id < id))
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
