using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Silo.Pipeline;

namespace Fraud.Orleans.Cli.Bench;

/// <summary>
/// Per-transaction decide and durable latencies inside the silo worker, indexed by transaction id (the bench
/// sends ids 0..capacity-1), written at the end as <see cref="LatencyRows"/> so that the silo and the Python
/// peer are measured by the same code in the bench process.
/// </summary>
/// <remarks>
/// Latencies are taken from the record's trace time (its scheduled send time) to the wall clock when the
/// observer is called: one array store and an interlocked increment per event, cheap enough for the hot path.
/// </remarks>
public sealed class TransactionLog : ISignalObserver
{
    private readonly long[] _traceMs;
    private readonly long[] _decidedUs;
    private readonly long[] _durableUs;
    private readonly int[] _decidedCount;
    private long _decided;
    private long _durable;
    private long _outOfRange;

    public TransactionLog(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _traceMs = new long[capacity];
        _decidedUs = new long[capacity];
        _durableUs = new long[capacity];
        _decidedCount = new int[capacity];
        Array.Fill(_decidedUs, -1);
        Array.Fill(_durableUs, -1);
    }

    public long Decided => Volatile.Read(ref _decided);

    public long Durable => Volatile.Read(ref _durable);

    /// <summary>Signals whose transaction id was outside 0..capacity-1: not sent by this bench.</summary>
    public long OutOfRange => Volatile.Read(ref _outOfRange);

    public void OnDecided(in FraudSignal signal, long traceTimeMs)
    {
        var latency = NowUs() - (traceTimeMs * 1000);
        Interlocked.Increment(ref _decided);
        var id = signal.TransactionId;
        if ((ulong)id >= (ulong)_traceMs.Length)
        {
            Interlocked.Increment(ref _outOfRange);
            return;
        }

        _traceMs[id] = traceTimeMs;
        if (Interlocked.Increment(ref _decidedCount[id]) == 1)
        {
            _decidedUs[id] = latency;
        }
    }

    public void OnDurable(in FraudSignal signal, long traceTimeMs)
    {
        var latency = NowUs() - (traceTimeMs * 1000);
        Interlocked.Increment(ref _durable);
        var id = signal.TransactionId;
        if ((ulong)id < (ulong)_durableUs.Length && _durableUs[id] < 0)
        {
            _durableUs[id] = latency; // the first acknowledgement is when the signal became durable
        }
    }

    /// <summary>Writes one row per transaction that was decided at least once.</summary>
    public void WriteRows(string path)
    {
        using var writer = new LatencyRows.Writer(path);
        for (var id = 0; id < _traceMs.Length; id++)
        {
            if (_decidedCount[id] > 0)
            {
                writer.Write(new LatencyRow(id, _traceMs[id], _decidedUs[id], _durableUs[id], _decidedCount[id]));
            }
        }
    }

    // DateTime.UtcNow is the realtime clock the bench process stamped the records with, at microsecond resolution.
    private static long NowUs() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10;
}
