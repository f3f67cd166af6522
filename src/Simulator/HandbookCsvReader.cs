using System.Globalization;
using System.IO.Compression;
using System.Text;
using Fraud.Orleans.GrainInterfaces;

namespace Fraud.Orleans.Simulator;

/// <summary>
/// A streaming, allocation-light reader of handbook CSV (see <see cref="HandbookCsv"/>): plain or gzip, detected from
/// the first bytes. Amounts are parsed to cents exactly (no floating point), <c>TX_DATETIME</c> is read as UTC, and
/// card ids are the customer ids as decimal strings, one shared instance per customer. Malformed content throws
/// <see cref="HandbookCsvFormatException"/> naming the line; <c>\r\n</c> endings and blank lines are tolerated.
/// </summary>
public sealed class HandbookCsvReader : IDisposable
{
    private const int BufferSize = 1 << 17;
    private const int FieldCount = 9;
    private const int MaxCachedCustomerId = (1 << 22) - 1;
    private const long MaxAmountCents = 999_999_999_999_999; // 15 digits: well inside a long, far above any real amount
    private const long MillisecondsPerDay = 86_400_000;

    private static readonly byte[] HeaderBytes = Encoding.ASCII.GetBytes(HandbookCsv.Header);
    private static readonly int UnixEpochDayNumber = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

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

    private string[] _cardIds = new string[1024];
    private Dictionary<int, string>? _largeCardIds;

    private readonly byte[] _lastDate = new byte[10];
    private bool _hasLastDate;
    private long _lastDateUnixMs;

    /// <summary>Reads <paramref name="stream"/>, decompressing it when it starts with the gzip magic bytes.</summary>
    public HandbookCsvReader(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _source = stream;
        _leaveOpen = leaveOpen;
        _stream = DecompressIfGzip(stream);
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

    private static Stream DecompressIfGzip(Stream stream)
    {
        Span<byte> magic = stackalloc byte[2];
        var read = 0;
        while (read < magic.Length)
        {
            var n = stream.Read(magic[read..]);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        Stream rewound;
        if (stream.CanSeek)
        {
            stream.Seek(-read, SeekOrigin.Current);
            rewound = stream;
        }
        else
        {
            rewound = new PrefixedStream(magic[..read].ToArray(), stream);
        }

        var isGzip = read == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
        return isGzip ? new GZipStream(rewound, CompressionMode.Decompress, leaveOpen: true) : rewound;
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

    private void ReadHeader(ReadOnlySpan<byte> line)
    {
        if (line.StartsWith("\uFEFF"u8))
        {
            line = line[3..];
        }

        if (!line.SequenceEqual(HeaderBytes))
        {
            throw new HandbookCsvFormatException(_lineNumber, $"expected the header '{HandbookCsv.Header}' but found '{Excerpt(line)}'");
        }

        _headerRead = true;
    }

    private SimulatedTransaction ParseLine(ReadOnlySpan<byte> line)
    {
        var rest = line;
        var transactionIdText = NextField(ref rest, line, 0);
        var dateTimeText = NextField(ref rest, line, 1);
        var customerIdText = NextField(ref rest, line, 2);
        var terminalIdText = NextField(ref rest, line, 3);
        var amountText = NextField(ref rest, line, 4);
        var timeSecondsText = NextField(ref rest, line, 5);
        var timeDaysText = NextField(ref rest, line, 6);
        var fraudText = NextField(ref rest, line, 7);
        var scenarioText = NextField(ref rest, line, 8);

        if (!TryParseInteger(transactionIdText, allowNegative: false, out var transactionId))
        {
            throw Invalid("TRANSACTION_ID", transactionIdText, "a non-negative integer");
        }

        if (!TryParseDateTime(dateTimeText, out var eventTimeMs))
        {
            throw Invalid("TX_DATETIME", dateTimeText, "a date and time 'yyyy-MM-dd HH:mm:ss'");
        }

        if (!TryParseInteger(customerIdText, allowNegative: false, out var customerId) || customerId > int.MaxValue)
        {
            throw Invalid("CUSTOMER_ID", customerIdText, "an integer between 0 and 2147483647");
        }

        if (!TryParseInteger(terminalIdText, allowNegative: false, out var terminalId))
        {
            throw Invalid("TERMINAL_ID", terminalIdText, "a non-negative integer");
        }

        if (!TryParseAmount(amountText, out var amountCents))
        {
            throw Invalid("TX_AMOUNT", amountText, "a non-negative amount with at most 2 decimals");
        }

        if (!TryParseInteger(timeSecondsText, allowNegative: true, out _))
        {
            throw Invalid("TX_TIME_SECONDS", timeSecondsText, "an integer");
        }

        if (!TryParseInteger(timeDaysText, allowNegative: true, out _))
        {
            throw Invalid("TX_TIME_DAYS", timeDaysText, "an integer");
        }

        if (fraudText.Length != 1 || (fraudText[0] != (byte)'0' && fraudText[0] != (byte)'1'))
        {
            throw Invalid("TX_FRAUD", fraudText, "0 or 1");
        }

        if (!TryParseInteger(scenarioText, allowNegative: false, out var scenario) || scenario > int.MaxValue)
        {
            throw Invalid("TX_FRAUD_SCENARIO", scenarioText, "a non-negative integer");
        }

        var transaction = new Transaction(transactionId, CardIdOf((int)customerId), terminalId, amountCents, eventTimeMs);
        return new SimulatedTransaction(transaction, fraudText[0] == (byte)'1', (int)scenario);
    }

    private ReadOnlySpan<byte> NextField(ref ReadOnlySpan<byte> rest, ReadOnlySpan<byte> line, int index)
    {
        var comma = rest.IndexOf((byte)',');
        ReadOnlySpan<byte> field;
        if (index < FieldCount - 1)
        {
            if (comma < 0)
            {
                throw WrongFieldCount(line);
            }

            field = rest[..comma];
            rest = rest[(comma + 1)..];
        }
        else
        {
            if (comma >= 0)
            {
                throw WrongFieldCount(line);
            }

            field = rest;
            rest = default;
        }

        return field;
    }

    private HandbookCsvFormatException WrongFieldCount(ReadOnlySpan<byte> line) =>
        new(_lineNumber, FormattableString.Invariant($"expected {FieldCount} comma-separated fields but found {line.Count((byte)',') + 1} in '{Excerpt(line)}'"));

    private HandbookCsvFormatException Invalid(string column, ReadOnlySpan<byte> value, string expected) =>
        new(_lineNumber, $"{column} '{Excerpt(value)}' is not {expected}");

    private static string Excerpt(ReadOnlySpan<byte> text)
    {
        const int MaxLength = 120;
        var excerpt = Encoding.UTF8.GetString(text.Length > MaxLength ? text[..MaxLength] : text);
        return text.Length > MaxLength ? excerpt + "..." : excerpt;
    }

    private string CardIdOf(int customerId)
    {
        if (customerId > MaxCachedCustomerId)
        {
            _largeCardIds ??= [];
            if (!_largeCardIds.TryGetValue(customerId, out var large))
            {
                large = customerId.ToString(CultureInfo.InvariantCulture);
                _largeCardIds.Add(customerId, large);
            }

            return large;
        }

        if (customerId >= _cardIds.Length)
        {
            Array.Resize(ref _cardIds, Math.Min(MaxCachedCustomerId + 1, Math.Max(customerId + 1, _cardIds.Length * 2)));
        }

        return _cardIds[customerId] ??= customerId.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Decimal integer, optional leading '-', at most 18 digits (no overflow possible).</summary>
    private static bool TryParseInteger(ReadOnlySpan<byte> text, bool allowNegative, out long value)
    {
        value = 0;
        var negative = false;
        if (allowNegative && !text.IsEmpty && text[0] == (byte)'-')
        {
            negative = true;
            text = text[1..];
        }

        if (text.IsEmpty || text.Length > 18)
        {
            return false;
        }

        long result = 0;
        foreach (var c in text)
        {
            var digit = (uint)(c - '0');
            if (digit > 9)
            {
                return false;
            }

            result = (result * 10) + digit;
        }

        value = negative ? -result : result;
        return true;
    }

    /// <summary>"57.16" -> 5716, "146" -> 14600, "0.5" -> 50; no sign, no exponent, at most 2 decimals.</summary>
    private static bool TryParseAmount(ReadOnlySpan<byte> text, out long cents)
    {
        cents = 0;
        var dot = text.IndexOf((byte)'.');
        var integerPart = dot < 0 ? text : text[..dot];
        var fractionPart = dot < 0 ? default : text[(dot + 1)..];
        if (integerPart.IsEmpty || integerPart.Length > 13 || (dot >= 0 && fractionPart.Length is < 1 or > 2))
        {
            return false;
        }

        long units = 0;
        foreach (var c in integerPart)
        {
            var digit = (uint)(c - '0');
            if (digit > 9)
            {
                return false;
            }

            units = (units * 10) + digit;
        }

        long fraction = 0;
        for (var i = 0; i < 2; i++)
        {
            var digit = 0u;
            if (i < fractionPart.Length)
            {
                digit = (uint)(fractionPart[i] - '0');
                if (digit > 9)
                {
                    return false;
                }
            }

            fraction = (fraction * 10) + digit;
        }

        cents = (units * 100) + fraction;
        return cents <= MaxAmountCents;
    }

    /// <summary>"2018-04-01 00:00:31" (UTC) -> Unix milliseconds.</summary>
    private bool TryParseDateTime(ReadOnlySpan<byte> text, out long unixMs)
    {
        unixMs = 0;
        if (text.Length != 19 || text[4] != (byte)'-' || text[7] != (byte)'-' || text[10] != (byte)' '
            || text[13] != (byte)':' || text[16] != (byte)':')
        {
            return false;
        }

        if (!TwoDigits(text, 11, out var hour) || hour > 23
            || !TwoDigits(text, 14, out var minute) || minute > 59
            || !TwoDigits(text, 17, out var second) || second > 59)
        {
            return false;
        }

        var date = text[..10];
        if (!_hasLastDate || !date.SequenceEqual(_lastDate))
        {
            if (!TwoDigits(text, 0, out var century) || !TwoDigits(text, 2, out var yearInCentury)
                || !TwoDigits(text, 5, out var month) || !TwoDigits(text, 8, out var day))
            {
                return false;
            }

            var year = (century * 100) + yearInCentury;
            if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
            {
                return false;
            }

            _lastDateUnixMs = (long)(new DateOnly(year, month, day).DayNumber - UnixEpochDayNumber) * MillisecondsPerDay;
            date.CopyTo(_lastDate);
            _hasLastDate = true;
        }

        unixMs = _lastDateUnixMs + ((((hour * 60L) + minute) * 60) + second) * 1000;
        return true;
    }

    private static bool TwoDigits(ReadOnlySpan<byte> text, int index, out int value)
    {
        var tens = (uint)(text[index] - '0');
        var ones = (uint)(text[index + 1] - '0');
        value = (int)((tens * 10) + ones);
        return tens <= 9 && ones <= 9;
    }

    /// <summary>Replays the bytes consumed to sniff the format, then the rest of a non-seekable stream.</summary>
    private sealed class PrefixedStream(byte[] prefix, Stream inner) : Stream
    {
        private int _prefixPosition;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_prefixPosition < prefix.Length)
            {
                var n = Math.Min(buffer.Length, prefix.Length - _prefixPosition);
                prefix.AsSpan(_prefixPosition, n).CopyTo(buffer);
                _prefixPosition += n;
                return n;
            }

            return inner.Read(buffer);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
