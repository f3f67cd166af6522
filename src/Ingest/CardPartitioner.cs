using System.Text;

namespace Fraud.Orleans.Ingest;

/// <summary>
/// The partition of a card id, computed the way the producers place it (<c>partitioner=murmur2_random</c>,
/// Kafka's Java default): murmur2 of the key bytes, made non-negative, modulo the partition count. Knowing it
/// without a record lets any silo find a card's owner.
/// </summary>
public static class CardPartitioner
{
    private const uint Seed = 0x9747b28c;
    private const uint M = 0x5bd1e995;
    private const int R = 24;

    public static int PartitionOf(string cardId, int partitionCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitionCount, 1);
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(cardId) <= buffer.Length
            ? buffer[..Encoding.UTF8.GetBytes(cardId, buffer)]
            : Encoding.UTF8.GetBytes(cardId);
        return (int)((Murmur2(bytes) & 0x7fffffff) % (uint)partitionCount);
    }

    /// <summary>Kafka's murmur2 (MurmurHash2, 32-bit, little-endian blocks, seed 0x9747b28c).</summary>
    public static uint Murmur2(ReadOnlySpan<byte> data)
    {
        var length = data.Length;
        var h = Seed ^ (uint)length;
        var blocks = length / 4;
        for (var i = 0; i < blocks; i++)
        {
            var k = (uint)(data[i * 4] | data[(i * 4) + 1] << 8 | data[(i * 4) + 2] << 16 | data[(i * 4) + 3] << 24);
            k *= M;
            k ^= k >> R;
            k *= M;
            h *= M;
            h ^= k;
        }

        var tail = length & ~3;
        switch (length % 4)
        {
            case 3:
                h ^= (uint)data[tail + 2] << 16;
                h ^= (uint)data[tail + 1] << 8;
                h ^= data[tail];
                h *= M;
                break;
            case 2:
                h ^= (uint)data[tail + 1] << 8;
                h ^= data[tail];
                h *= M;
                break;
            case 1:
                h ^= data[tail];
                h *= M;
                break;
        }

        h ^= h >> 13;
        h *= M;
        h ^= h >> 15;
        return h;
    }
}
