using System.IO.Compression;

namespace Fraud.Orleans.Simulator;

/// <summary>
/// Tells gzip from plain data by the first two bytes (1F 8B) rather than by file name, so that a renamed file or
/// a piped stream still reads. The sniffed bytes are given back: by seeking when possible, else by replaying them.
/// </summary>
internal static class GzipDetection
{
    /// <summary>
    /// <paramref name="stream"/> positioned where it was, decompressed when it is gzip. The result never owns
    /// <paramref name="stream"/>: disposing it leaves <paramref name="stream"/> open.
    /// </summary>
    public static Stream DecompressIfGzip(Stream stream)
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
}
