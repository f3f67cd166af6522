using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Fraud.Orleans.Grains;

/// <summary>
/// Compact little-endian binary form of <see cref="CardState"/>: a versioned header, then the events as
/// fixed-size records. Some KB per card (its last 60 days), so a checkpoint is one small item write. States of
/// the previous format still load (<see cref="CardEventFormat2"/>).
/// </summary>
public sealed class CardStateSerializer
{
    // 2: events carry terminal risk and pattern features. 3: and the amount history (running sums, R, Z) and the
    // terminal's fraud run.
    private const byte FormatVersion = 3;
    private const byte PreviousFormatVersion = 2;
    private const int HeaderSize = 1 + 8 + 8 + 8 + 8 + 4;
    private static readonly int EventSize = Unsafe.SizeOf<CardEvent>();
    private static readonly int PreviousEventSize = Unsafe.SizeOf<CardEventFormat2>();

    // DynamoDB's item limit is 400 KB, attribute names and the item's other attributes (key, ETag, fence) included.
    private const int ItemBudgetBytes = 360 * 1024;

    /// <summary>The most events whose serialized state still fits one DynamoDB item with room for its other attributes.</summary>
    public static int MaxEventsPerItem => (ItemBudgetBytes - HeaderSize) / EventSize;

    /// <summary>Bytes one event adds to a card's serialized state (and, about, to its memory).</summary>
    public static int BytesPerEvent => EventSize;

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
        var version = data.Length < HeaderSize ? -1 : data[0];
        if (version is not (FormatVersion or PreviousFormatVersion))
        {
            throw new InvalidDataException($"Card state: unknown format (length {data.Length}, version {(data.IsEmpty ? -1 : data[0])}).");
        }

        var count = BinaryPrimitives.ReadInt32LittleEndian(data[33..]);
        if (count < 0 || data.Length != HeaderSize + ((long)count * (version == FormatVersion ? EventSize : PreviousEventSize)))
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
        if (version == FormatVersion)
        {
            state.Load(MemoryMarshal.Cast<byte, CardEvent>(data[HeaderSize..]));
        }
        else
        {
            CardEventFormat2.AppendTo(state, MemoryMarshal.Cast<byte, CardEventFormat2>(data[HeaderSize..]));
        }

        return state;
    }
}
