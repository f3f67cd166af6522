using Orleans.Runtime;

namespace Fraud.Orleans.Grains;

/// <summary>The silo a card grain runs on, as far as the grain needs to know it.</summary>
public interface ICardSilo
{
    /// <summary>This silo's ownership epoch of the card's Kafka partition; 0 when it does not own the partition.</summary>
    long EpochOf(string cardId);

    /// <summary>The silo the cluster's ownership view names for the card's partition when it is another; else null.</summary>
    SiloAddress? OwnerElsewhere(string cardId);

    /// <summary>A gateway call reached this activation with another silo's epoch: it crossed silos (counted, no allocation).</summary>
    void CalledFromAnotherSilo();

    void Activated(string cardId);

    void Deactivated(string cardId);

    /// <summary>The card's state changed since its last write: the next checkpoint writes it.</summary>
    void MarkDirty(string cardId);

    /// <summary>The card deactivated with changes that were not written: this silo must not commit past them.</summary>
    void Lost(string cardId);

    /// <summary>The card leaves this silo, which lost its partition: for <paramref name="owner"/> (migrating), or dropped.</summary>
    void Leaving(string cardId, SiloAddress? owner);
}
