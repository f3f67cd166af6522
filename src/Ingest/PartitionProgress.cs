namespace Fraud.Orleans.Ingest;

/// <summary>
/// Records of one partition in flight, in fetch order. Turns may finish out of order (a card still loading
/// its state holds back its own records only); the committable offset only moves over a done prefix.
/// </summary>
internal sealed class PartitionProgress
{
    private readonly object _lock = new();
    private long[] _offsets = new long[256];
    private bool[] _done = new bool[256];
    private long _head;
    private long _tail;
    private long _decided = -1;

    /// <summary>The offset after every decided record, or -1 when nothing was decided since assignment.</summary>
    public long Decided
    {
        get
        {
            lock (_lock)
            {
                return _decided;
            }
        }
    }

    public long Begin(long offset)
    {
        lock (_lock)
        {
            if (_tail - _head == _offsets.Length)
            {
                Grow();
            }

            var slot = _tail & (_offsets.Length - 1);
            _offsets[slot] = offset;
            _done[slot] = false;
            return _tail++;
        }
    }

    public void Complete(long ticket)
    {
        lock (_lock)
        {
            var mask = _offsets.Length - 1;
            _done[ticket & mask] = true;
            while (_head < _tail && _done[_head & mask])
            {
                _decided = _offsets[_head & mask] + 1;
                _head++;
            }

            if (_head == _tail)
            {
                Monitor.PulseAll(_lock);
            }
        }
    }

    /// <summary>Waits until no record is in flight; false on timeout.</summary>
    public bool WaitDrained(TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        lock (_lock)
        {
            while (_head < _tail)
            {
                var left = deadline - Environment.TickCount64;
                if (left <= 0)
                {
                    return false;
                }

                Monitor.Wait(_lock, TimeSpan.FromMilliseconds(left));
            }

            return true;
        }
    }

    private void Grow()
    {
        var offsets = new long[_offsets.Length * 2];
        var done = new bool[_offsets.Length * 2];
        for (var t = _head; t < _tail; t++)
        {
            offsets[t & (offsets.Length - 1)] = _offsets[t & (_offsets.Length - 1)];
            done[t & (offsets.Length - 1)] = _done[t & (_offsets.Length - 1)];
        }

        _offsets = offsets;
        _done = done;
    }
}
