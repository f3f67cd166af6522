using System.Numerics;
using Fraud.Orleans.GrainInterfaces;

namespace Fraud.Orleans.Grains;

/// <summary>
/// A card's persistent state: its recent transactions ordered by (event time, transaction id), which every
/// window and the duplicate check are read from, plus lifetime totals. Events older than the longest look-back
/// plus the allowed lateness can no longer fall inside any window and are dropped, but for the newest of them: a late
/// event may still need it as its previous transaction (found by the arrival-order property tests). Each event carries the running
/// sums of the amounts up to it, so the amounts of any time range come from two binary searches, not a scan.
/// </summary>
public sealed class CardState
{
    // The live events are _events[_start.._start + Count): dropping old events moves _start, and the array is
    // compacted only when an insert reaches its end, so retention costs no copy of the whole state per event.
    // _ids mirrors their transaction ids at the same indexes: the duplicate check, made for every transaction,
    // scans 8 bytes per event instead of a whole event.
    private CardEvent[] _events = new CardEvent[16];
    private long[] _ids = new long[16];
    private int _start;

    public int Count { get; private set; }

    /// <summary>Transactions counted since the card was first seen (duplicates excluded).</summary>
    public long TransactionsCounted { get; set; }

    public long TotalAmountMinor { get; set; }

    /// <summary>Newest event time seen; the reference for lateness and retention.</summary>
    public long MaxEventTimeMs { get; set; } = long.MinValue;

    /// <summary>Transaction id of the most recently processed (not necessarily newest) transaction.</summary>
    public long LastTransactionId { get; set; } = -1;

    public ReadOnlySpan<CardEvent> Events => _events.AsSpan(_start, Count);

    private Span<CardEvent> Live => _events.AsSpan(_start, Count);

    public bool TryFind(long transactionId, out CardEvent found)
    {
        var at = _ids.AsSpan(_start, Count).IndexOf(transactionId);
        found = at < 0 ? default : _events[_start + at];
        return at >= 0;
    }

    /// <summary>Index at which an event at (time, id) belongs; every event before it precedes it in event time.</summary>
    public int InsertionIndex(long eventTimeMs, long transactionId)
    {
        var events = Events;
        int lo = 0, hi = events.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            ref readonly var e = ref events[mid];
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
        MakeRoomAtEnd();
        var (sum, squares) = SumsBefore(index);
        Count++;
        var ids = _ids.AsSpan(_start, Count);
        ids[index..^1].CopyTo(ids[(index + 1)..]);
        ids[index] = e.TransactionId;
        var events = Live;
        events[index..^1].CopyTo(events[(index + 1)..]);
        var amount = e.AmountMinor;
        var square = unchecked(amount * amount);
        ref var inserted = ref events[index];
        inserted = e;
        inserted.RunningSumMinor = unchecked(sum + amount);
        inserted.RunningSumSquares = unchecked(squares + square);

        // Only a late event has events after it: those of at most the allowed lateness.
        for (var i = index + 1; i < events.Length; i++)
        {
            events[i].RunningSumMinor = unchecked(events[i].RunningSumMinor + amount);
            events[i].RunningSumSquares = unchecked(events[i].RunningSumSquares + square);
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
        ref readonly var last = ref Events[to - 1];
        return (to - from, unchecked(last.RunningSumMinor - sum), unchecked(last.RunningSumSquares - squares));
    }

    /// <summary>
    /// Drops events at or before <paramref name="cutoffMs"/> (ordered, so from the front) but the newest of them: it
    /// stays the previous transaction of an event that arrives late after the cutoff (the time since the previous
    /// transaction looks back without limit, in whatever order events arrive), while every window starts after the
    /// cutoff and never reaches it.
    /// </summary>
    public void DropAtOrBeforeKeepingNewest(long cutoffMs)
    {
        var events = Events;
        var atOrBefore = 0;
        while (atOrBefore < events.Length && events[atOrBefore].EventTimeMs <= cutoffMs)
        {
            atOrBefore++;
        }

        var drop = Math.Max(0, atOrBefore - 1);
        _start = drop == Count ? 0 : _start + drop;
        Count -= drop;
    }

    /// <summary>
    /// Drops the oldest events beyond the newest <paramref name="max"/>: a card sending hundreds of transactions a
    /// second (a hot card, a card-testing attack) would otherwise keep every one of its 60 days, and its state would
    /// outgrow one DynamoDB item (400 KB), whose write is then refused and no checkpoint could complete.
    /// </summary>
    public void DropOldestBeyond(int max)
    {
        if (Count > max)
        {
            var drop = Count - max;
            _start += drop;
            Count -= drop;
        }
    }

    /// <summary>Replaces the events wholesale; for storage, which hands them over already ordered, with their running sums.</summary>
    public void Load(ReadOnlySpan<CardEvent> events)
    {
        if (_events.Length < events.Length)
        {
            var capacity = Math.Max(16, (int)BitOperations.RoundUpToPowerOf2((uint)events.Length));
            _events = new CardEvent[capacity];
            _ids = new long[capacity];
        }

        events.CopyTo(_events);
        for (var i = 0; i < events.Length; i++)
        {
            _ids[i] = events[i].TransactionId;
        }

        _start = 0;
        Count = events.Length;
    }

    // Running sums of everything before event `index` (0..Count): an event's own minus its amount, or the last one's.
    private (long Sum, long Squares) SumsBefore(int index)
    {
        var events = Events;
        if (index < events.Length)
        {
            ref readonly var e = ref events[index];
            return (unchecked(e.RunningSumMinor - e.AmountMinor), unchecked(e.RunningSumSquares - (e.AmountMinor * e.AmountMinor)));
        }

        return index == 0 ? (0, 0) : (events[index - 1].RunningSumMinor, events[index - 1].RunningSumSquares);
    }

    // First index whose event time is after timeMs.
    private int FirstAfter(long timeMs)
    {
        var events = Events;
        int lo = 0, hi = events.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (events[mid].EventTimeMs <= timeMs)
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

    // Ensures a free slot after the live events: compacts them to the front when that frees at least half the
    // array (so each event is moved about once per pass through it), else doubles the array.
    private void MakeRoomAtEnd()
    {
        if (_start + Count < _events.Length)
        {
            return;
        }

        if (Count <= _events.Length / 2)
        {
            Live.CopyTo(_events);
            _ids.AsSpan(_start, Count).CopyTo(_ids);
            _start = 0;
            return;
        }

        var grown = new CardEvent[_events.Length * 2];
        var grownIds = new long[grown.Length];
        Live.CopyTo(grown);
        _ids.AsSpan(_start, Count).CopyTo(grownIds);
        _events = grown;
        _ids = grownIds;
        _start = 0;
    }
}
