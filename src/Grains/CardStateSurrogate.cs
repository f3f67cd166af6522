using Orleans;

namespace Fraud.Orleans.Grains;

/// <summary>
/// How Orleans copies a card's state when the grain migrates to another silo: the same compact bytes as in storage
/// (<see cref="CardStateSerializer"/>), instead of a codec for every field of every event.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("fraud.CardStateSurrogate")]
public readonly record struct CardStateSurrogate([property: Id(0)] byte[] Data);

[RegisterConverter]
public sealed class CardStateSurrogateConverter : IConverter<CardState, CardStateSurrogate>
{
    private static readonly CardStateSerializer Cards = new();

    public CardState ConvertFromSurrogate(in CardStateSurrogate surrogate) => Cards.Deserialize(surrogate.Data);

    public CardStateSurrogate ConvertToSurrogate(in CardState value) => new(Cards.Serialize(value));
}
