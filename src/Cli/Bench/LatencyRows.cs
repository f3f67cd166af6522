namespace Fraud.Orleans.Cli.Bench;

/// <summary>
/// The file both workers (the silo worker and bench/python-peer/peer.py) write at the end of a run: rows of five
/// little-endian int64 (<see cref="LatencyRow"/> in field order), nothing else. A worker may write the same
/// transaction id in several rows (the peer writes one row per decision); the reader adds them up. The silo
/// worker's file holds a row for every id it could see (<see cref="TransactionLog"/>): rows decided 0 times are skipped.
/// </summary>
public static class LatencyRows
{
    public const int RowBytes = 5 * sizeof(long);

    public static IEnumerable<LatencyRow> Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        if (stream.Length % RowBytes != 0)
        {
            throw new InvalidDataException($"{path}: {stream.Length} bytes is not a whole number of {RowBytes}-byte rows.");
        }

        using var reader = new BinaryReader(stream);
        for (var i = stream.Length / RowBytes; i > 0; i--)
        {
            var row = new LatencyRow(reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64());
            if (row.DecidedCount > 0)
            {
                yield return row;
            }
        }
    }

    public sealed class Writer(string path) : IDisposable
    {
        private readonly BinaryWriter _writer = new(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16));

        public void Write(in LatencyRow row)
        {
            _writer.Write(row.TransactionId);
            _writer.Write(row.TraceMs);
            _writer.Write(row.DecidedUs);
            _writer.Write(row.DurableUs);
            _writer.Write(row.DecidedCount);
        }

        public void Dispose() => _writer.Dispose();
    }
}
