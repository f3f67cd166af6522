using Orleans.Storage;

namespace Fraud.Orleans.Grains;

/// <summary>
/// Card state in grain storage as <see cref="CardStateSerializer"/>'s compact binary form (formats 2 and 3 load),
/// some KB per card instead of a general-purpose encoding of every event's fields.
/// </summary>
public sealed class CardStateStorageSerializer : IGrainStorageSerializer
{
    private readonly CardStateSerializer _cards = new();

    public BinaryData Serialize<T>(T? input) =>
        input is CardState card
            ? new BinaryData(_cards.Serialize(card))
            : throw new NotSupportedException($"{nameof(CardStateStorageSerializer)} stores {nameof(CardState)} only, not {typeof(T).Name}.");

    public T Deserialize<T>(BinaryData input) =>
        typeof(T) == typeof(CardState)
            ? (T)(object)_cards.Deserialize(input.ToMemory().Span)
            : throw new NotSupportedException($"{nameof(CardStateStorageSerializer)} stores {nameof(CardState)} only, not {typeof(T).Name}.");
}
