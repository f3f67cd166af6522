using System.Numerics;
using Fraud.Orleans.GrainInterfaces;

namespace Fraud.Orleans.Grains;

/// <summary>
/// A card's persistent state: its recent transactions ordered by (event time, transaction id), which every
/// window and the duplicate check are read from, plus lifetime totals. Events older than the longest look-back
/// plus the allowed lateness can no longer fall inside any window and are dropped. Each event carries the running
/// sums of the amounts up to it, so the amounts of any time range come from two binary searches, not a scan.
/// </summary>
public sealed class CardState
{
    private CardEvent[] _events = new CardEvent[16];

    public int Count { get; private set; }

    /// <summary>Transactions counted since the card was first seen (duplicates excluded).</summary>
    public long TransactionsCounted { get; set; }

    public long TotalAmountMinor { get; set; }

    /// <summary>Newest event time seen; the reference for lateness and retention.</summary>
    public long MaxEventTimeMs { get; set; } = long.MinValue;

    /// <summary>Transaction id of the most recently processed (not necessarily newest) transaction.</summary>
    public long LastTransactionId { get; set; } = -1;

    public ReadOnlySpan<CardEvent> Events => _events.AsSpan(0, Count);

    public bool TryFind(long transactionId, out CardEvent found)
    {
        foreach (ref readonly var e in Events)
        {
            if (e.TransactionId == transactionId)
            {
                found = e;
                return true;
            }
        }

        found = default;
        return false;
    }

    /// <summary>Index at which an event at (time, id) belongs; every event before it precedes it in event time.</summary>
    public int InsertionIndex(long eventTimeMs, long transactionId)
    {
        int lo = 0, hi = Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            ref readonly var e = ref _events[mid];
            if (e.EventTimeMs < eventTimeMs || (e.EventTimeMs == eventTimeMs && e.TransactionId < transactionId))
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

    /// <summary>Inserts <paramref name="e"/> at <paramref name="index"/> and sets its running sums (and those of the events after it).</summary>
    public void Insert(int index, in CardEvent e)
    {
        if (Count == _events.Length)
        {
            Array.Resize(ref _events, _events.Length * 2);
        }

        var (sum, squares) = index < Count ? SumsBefore(index) : index > 0 ? (_events[index - 1].RunningSumMinor, _events[index - 1].RunningSumSquares) : (0L, 0L);
        Array.Copy(_events, index, _events, index + 1, Count - index);
        Count++;
        var amount = e.AmountMinor;
        var square = unchecked(amount * amount);
        ref var inserted = ref _events[index];
        inserted = e;
        inserted.RunningSumMinor = unchecked(sum + amount);
        inserted.RunningSumSquares = unchecked(squares + square);

        // Only a late event has events after it: those of at most the allowed lateness.
        for (var i = index + 1; i < Count; i++)
        {
            _events[i].RunningSumMinor = unchecked(_events[i].RunningSumMinor + amount);
            _events[i].RunningSumSquares = unchecked(_events[i].RunningSumSquares + square);
        }
    }

    /// <summary>Count, cents sum and squared-cents sum of the events with time in (<paramref name="afterMs"/>, <paramref name="throughMs"/>].</summary>
    public (int Count, long SumMinor, long SumSquares) AmountsIn(long afterMs, long throughMs)
    {
        var from = FirstAfter(afterMs);
        var to = FirstAfter(throughMs);
        if (to <= from)
        {
            return (0, 0, 0);
        }

        var (sum, squares) = SumsBefore(from);
        ref readonly var last = ref _events[to - 1];
        return (to - from, unchecked(last.RunningSumMinor - sum), unchecked(last.RunningSumSquares - squares));
    }

    // Running sums of everything before event `index` (which exists).
    private (long Sum, long Squares) SumsBefore(int index)
    {
        ref readonly var e = ref _events[index];
        return (unchecked(e.RunningSumMinor - e.AmountMinor), unchecked(e.RunningSumSquares - (e.AmountMinor * e.AmountMinor)));
    }

    // First index whose event time is after timeMs.
    private int FirstAfter(long timeMs)
    {
        int lo = 0, hi = Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_events[mid].EventTimeMs <= timeMs)
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

    /// <summary>Drops events at or before <paramref name="cutoffMs"/>; they are ordered, so from the front.</summary>
    public void DropAtOrBefore(long cutoffMs)
    {
        var drop = 0;
        while (drop < Count && _events[drop].EventTimeMs <= cutoffMs)
        {
            drop++;
        }

        if (drop > 0)
        {
            Array.Copy(_events, drop, _events, 0, Count - drop);
            Count -= drop;
        }
    }

    /// <summary>Replaces the events wholesale; for storage, which hands them over already ordered, with their running sums.</summary>
    public void Load(ReadOnlySpan<CardEvent> events)
    {
        if (_events.Length < events.Length)
        {
            _events = new CardEvent[Math.Max(16, (int)BitOperations.RoundUpToPowerOf2((uint)events.Length))];
        }

        events.CopyTo(_events);
        Count = events.Length;
    }
}
