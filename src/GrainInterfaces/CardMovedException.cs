using Orleans;

namespace Fraud.Orleans.GrainInterfaces;

/// <summary>
/// The card's grain is not hosted where its Kafka partition is owned (at the caller's epoch): the partition moved
/// during a rebalance or a failover. Ask again; the next activation is placed with the partition's owner.
/// </summary>
[GenerateSerializer]
[Alias("fraud.CardMovedException")]
public sealed class CardMovedException : Exception
{
    public CardMovedException()
    {
    }

    public CardMovedException(string message)
        : base(message)
    {
    }

    public CardMovedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CardMovedException(string cardId, long hostEpoch, long callerEpoch)
        : base($"card {cardId}: its partition is not owned here at the caller's epoch (here {hostEpoch}, caller {callerEpoch})")
    {
        CardId = cardId;
    }

    [Id(0)]
    public string? CardId { get; private set; }
}
