using System.IO.MemoryMappedFiles;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Silo.Pipeline;

namespace Fraud.Orleans.Cli.Bench;

/// <summary>
/// Per-transaction decide and durable latencies inside the silo worker, indexed by transaction id (the bench
/// sends ids 0..capacity-1), kept as <see cref="LatencyRows"/> in a file mapped into memory: one row per id, rows
/// never decided have a count of 0. The silo and the Python peer are then measured by the same code in the bench
/// process, and a worker killed with SIGKILL leaves its log behind: the kernel keeps a shared mapping's pages.
/// </summary>
/// <remarks>
/// Latencies are taken from the record's trace time (its scheduled send time) to the wall clock when the
/// observer is called: a few stores and an interlocked increment per event, cheap enough for the hot path.
/// </remarks>
public sealed unsafe class TransactionLog : ISignalObserver, IDisposable
{
    private const int Fields = LatencyRows.RowBytes / sizeof(long);
    private const int TraceField = 1;
    private const int DecidedField = 2;
    private const int DurableField = 3;
    private const int CountField = 4;

    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly long* _rows;
    private readonly long _capacity;
    private long _decided;
    private long _durable;
    private long _outOfRange;

    public TransactionLog(string path, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("LatencyRows are little-endian int64.");
        }

        _capacity = capacity;
        _file = MemoryMappedFile.CreateFromFile(path, FileMode.Create, null, (long)capacity * LatencyRows.RowBytes, MemoryMappedFileAccess.ReadWrite);
        _view = _file.CreateViewAccessor();
        byte* start = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
        _rows = (long*)(start + _view.PointerOffset);
        for (long id = 0; id < capacity; id++)
        {
            var row = Row(id);
            row[0] = id;
            row[DecidedField] = -1;
            row[DurableField] = -1;
        }
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
        if ((ulong)id >= (ulong)_capacity)
        {
            Interlocked.Increment(ref _outOfRange);
            return;
        }

        var row = Row(id);
        row[TraceField] = traceTimeMs;
        if (Interlocked.Increment(ref row[CountField]) == 1)
        {
            row[DecidedField] = latency;
        }
    }

    public void OnDurable(in FraudSignal signal, long traceTimeMs)
    {
        var latency = NowUs() - (traceTimeMs * 1000);
        Interlocked.Increment(ref _durable);
        var id = signal.TransactionId;
        if ((ulong)id < (ulong)_capacity && Row(id)[DurableField] < 0)
        {
            Row(id)[DurableField] = latency; // the first acknowledgement is when the signal became durable
        }
    }

    /// <summary>Writes the rows through to the file and unmaps it.</summary>
    public void Dispose()
    {
        _view.Flush();
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }

    private long* Row(long id) => _rows + (id * Fields);

    // DateTime.UtcNow is the realtime clock the bench process stamped the records with, at microsecond resolution.
    private static long NowUs() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10;
}
