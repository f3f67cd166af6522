using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Fraud.Orleans.Runtime;

namespace Fraud.Orleans.Grains;

/// <summary>
/// Compact little-endian binary form of <see cref="CardState"/>: a versioned header, then the events as
/// fixed-size records. A few KB per card, so a checkpoint is one small item write.
/// </summary>
public sealed class CardStateSerializer : IGrainStateSerializer<CardState>
{
    // 2: events carry terminal risk and pattern features.
    private const byte FormatVersion = 2;
    private const int HeaderSize = 1 + 8 + 8 + 8 + 8 + 4;
    private static readonly int EventSize = Unsafe.SizeOf<CardEvent>();

    public byte[] Serialize(CardState state)
    {
        var events = state.Events;
        var data = new byte[HeaderSize + events.Length * EventSize];
        var span = data.AsSpan();
        span[0] = FormatVersion;
        BinaryPrimitives.WriteInt64LittleEndian(span[1..], state.TransactionsCounted);
        BinaryPrimitives.WriteInt64LittleEndian(span[9..], state.TotalAmountMinor);
        BinaryPrimitives.WriteInt64LittleEndian(span[17..], state.MaxEventTimeMs);
        BinaryPrimitives.WriteInt64LittleEndian(span[25..], state.LastTransactionId);
        BinaryPrimitives.WriteInt32LittleEndian(span[33..], events.Length);
        MemoryMarshal.AsBytes(events).CopyTo(span[HeaderSize..]);
        return data;
    }

    public CardState Deserialize(ReadOnlySpan<byte> data)
    {
        if (data.Length < HeaderSize || data[0] != FormatVersion)
        {
            throw new InvalidDataException($"Card state: unknown format (length {data.Length}, version {(data.IsEmpty ? -1 : data[0])}).");
        }

        var count = BinaryPrimitives.ReadInt32LittleEndian(data[33..]);
        if (count < 0 || data.Length != HeaderSize + (long)count * EventSize)
        {
            throw new InvalidDataException($"Card state: {count} events do not fit {data.Length} bytes.");
        }

        var state = new CardState
        {
            TransactionsCounted = BinaryPrimitives.ReadInt64LittleEndian(data[1..]),
            TotalAmountMinor = BinaryPrimitives.ReadInt64LittleEndian(data[9..]),
            MaxEventTimeMs = BinaryPrimitives.ReadInt64LittleEndian(data[17..]),
            LastTransactionId = BinaryPrimitives.ReadInt64LittleEndian(data[25..]),
        };
        state.Load(MemoryMarshal.Cast<byte, CardEvent>(data[HeaderSize..]));
        return state;
    }
}
