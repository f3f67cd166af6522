namespace Fraud.Orleans.Embedded;

/// <summary>Bytes read off a connection and not yet consumed: a keep-alive client may send the next request early.</summary>
internal sealed class RequestBuffer
{
    private const int MaxHead = 64 * 1024;
    private byte[] _bytes = new byte[16 * 1024];
    private int _start;
    private int _end;

    /// <summary>Reads until <paramref name="marker"/> is buffered; its offset from the unconsumed start, or -1 at end of stream.</summary>
    public async Task<int> FillUntilAsync(Stream stream, byte[] marker, CancellationToken cancellationToken)
    {
        while (true)
        {
            var found = _bytes.AsSpan(_start, _end - _start).IndexOf(marker);
            if (found >= 0)
            {
                return found;
            }

            if (_end - _start > MaxHead)
            {
                throw new InvalidDataException($"A request head longer than {MaxHead} bytes");
            }

            if (!await ReadMoreAsync(stream, cancellationToken).ConfigureAwait(false))
            {
                return -1;
            }
        }
    }

    /// <summary>Consumes the next <paramref name="count"/> buffered bytes.</summary>
    public byte[] Take(int count)
    {
        var taken = _bytes.AsSpan(_start, count).ToArray();
        _start += count;
        return taken;
    }

    /// <summary>Consumes <paramref name="count"/> bytes, reading as many as needed; null at end of stream.</summary>
    public async Task<byte[]?> ReadExactlyAsync(Stream stream, int count, CancellationToken cancellationToken)
    {
        while (_end - _start < count)
        {
            if (!await ReadMoreAsync(stream, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }
        }

        return Take(count);
    }

    private async Task<bool> ReadMoreAsync(Stream stream, CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_bytes, _start, _bytes, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _bytes.Length)
        {
            Array.Resize(ref _bytes, _bytes.Length * 2);
        }

        var read = await stream.ReadAsync(_bytes.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        _end += read;
        return read > 0;
    }
}
