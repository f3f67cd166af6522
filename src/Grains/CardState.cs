using System.Numerics;
using Fraud.Orleans.GrainInterfaces;

namespace Fraud.Orleans.Grains;

/// <summary>
/// A card's persistent state: its recent transactions ordered by (event time, transaction id), which every
/// window and the duplicate check are read from, plus lifetime totals. Events older than the longest window
/// plus the allowed lateness can no longer fall inside any window and are dropped.
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

    public void Insert(int index, in CardEvent e)
    {
        if (Count == _events.Length)
        {
            Array.Resize(ref _events, _events.Length * 2);
        }

        Array.Copy(_events, index, _events, index + 1, Count - index);
        _events[index] = e;
        Count++;
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

    /// <summary>Replaces the events wholesale; for storage, which hands them over already ordered.</summary>
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
