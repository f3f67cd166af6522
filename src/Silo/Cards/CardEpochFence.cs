using Fraud.Orleans.Storage.DynamoDB;
using Orleans.Runtime;
using Orleans.Storage;

namespace Fraud.Orleans.Silo.Cards;

/// <summary>
/// Card state is written with this silo's ownership epoch of the card's partition: a silo that lost the partition
/// writes with a lower epoch than the new owner and is refused, and one that does not own it writes nothing.
/// </summary>
public sealed class CardEpochFence(CardActivations cards) : IDynamoDBWriteFence
{
    public long? GetToken(string stateName, GrainId grainId)
    {
        var cardId = grainId.Key.ToString();
        var epoch = cards.EpochOf(cardId);
        return epoch > 0
            ? epoch
            : throw new InconsistentStateException($"card {cardId}: this silo does not own its partition, so it may not write its state", "unknown", "none");
    }
}
