using System.Text;

namespace Fraud.Orleans.Simulator;

/// <summary>
/// A streaming, allocation-light reader of handbook CSV (see <see cref="HandbookCsv"/>): plain or gzip, detected from
/// the first bytes. Amounts are parsed to cents exactly (no floating point), <c>TX_DATETIME</c> is read as UTC, and
/// card ids are the customer ids as decimal strings, one shared instance per customer. Malformed content throws
/// <see cref="HandbookCsvFormatException"/> naming the line; <c>\r\n</c> endings and blank lines are tolerated.
/// </summary>
public sealed partial class HandbookCsvReader : IDisposable
{
    private const int BufferSize = 1 << 17;
    private const int FieldCount = 9;

    private static readonly byte[] HeaderBytes = Encoding.ASCII.GetBytes(HandbookCsv.Header);

    private readonly Stream _source;
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly byte[] _buffer = new byte[BufferSize];
    private int _start;
    private int _end;
    private bool _endOfStream;
    private bool _headerRead;
    private bool _disposed;
    private long _lineNumber;

    private readonly CardIdCache _cardIds = new();
    private readonly HandbookCsvDateTimeParser<byte> _dateTimes = new();

    /// <summary>Reads <paramref name="stream"/>, decompressing it when it starts with the gzip magic bytes.</summary>
    public HandbookCsvReader(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _source = stream;
        _leaveOpen = leaveOpen;
        _stream = GzipDetection.DecompressIfGzip(stream);
    }

    /// <summary>Opens a file (plain or gzip, detected from its first bytes).</summary>
    public static HandbookCsvReader Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        try
        {
            return new HandbookCsvReader(file, leaveOpen: false);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The 1-based number of the last line read (the header is line 1).</summary>
    public long LineNumber => _lineNumber;

    /// <summary>Reads the next transaction; false at the end of the data.</summary>
    public bool TryRead(out SimulatedTransaction transaction)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (TryReadLine(out var lineStart, out var lineLength))
        {
            _lineNumber++;
            var line = _buffer.AsSpan(lineStart, lineLength);
            if (!line.IsEmpty && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }

            if (!_headerRead)
            {
                ReadHeader(line);
                continue;
            }

            if (line.IsEmpty)
            {
                continue;
            }

            transaction = ParseLine(line);
            return true;
        }

        if (!_headerRead)
        {
            throw new HandbookCsvFormatException(1, "the data is empty: the header line is missing");
        }

        transaction = default;
        return false;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!ReferenceEquals(_stream, _source))
        {
            _stream.Dispose();
        }

        if (!_leaveOpen)
        {
            _source.Dispose();
        }
    }

    private bool TryReadLine(out int lineStart, out int lineLength)
    {
        var searchFrom = _start;
        while (true)
        {
            var newline = _buffer.AsSpan(searchFrom, _end - searchFrom).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                lineStart = _start;
                lineLength = searchFrom - _start + newline;
                _start = lineStart + lineLength + 1;
                return true;
            }

            if (_endOfStream)
            {
                lineStart = _start;
                lineLength = _end - _start;
                _start = _end;
                return lineLength > 0;
            }

            var pending = _end - _start;
            if (_start > 0)
            {
                _buffer.AsSpan(_start, pending).CopyTo(_buffer);
                _start = 0;
                _end = pending;
            }

            if (_end == _buffer.Length)
            {
                throw new HandbookCsvFormatException(_lineNumber + 1, FormattableString.Invariant($"the line is longer than {_buffer.Length} bytes"));
            }

            searchFrom = _end;
            var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                _endOfStream = true;
            }
            else
            {
                _end += read;
            }
        }
    }
}
