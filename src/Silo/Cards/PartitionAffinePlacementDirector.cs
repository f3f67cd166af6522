using Fraud.Orleans.Ingest;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace Fraud.Orleans.Silo.Cards;

/// <summary>
/// A card's activation goes to this silo when this silo's gateway owns the card's partition (the ingest path,
/// which calls from the owner), else to the silo the cluster's ownership view names, else to any compatible silo:
/// a card activated away from its owner moves on the owner's first transaction (it refuses it, see CardGrain). A card
/// migrating to its partition's owner names it in the placement hint, which comes first.
/// </summary>
public sealed class PartitionAffinePlacementDirector(PartitionMap partitions, PartitionOwners owners) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var compatible = context.GetCompatibleSilos(target);
        if (IPlacementDirector.GetPlacementHint(target.RequestContextData, compatible) is { } hint)
        {
            owners.CountPlaced(local: hint.Equals(context.LocalSilo));
            return Task.FromResult(hint);
        }

        var partition = partitions.PartitionOf(target.GrainIdentity.Key.ToString());
        if (partition >= 0 && partitions.Owns(partition) && compatible.Contains(context.LocalSilo))
        {
            owners.CountPlaced(local: true);
            return Task.FromResult(context.LocalSilo);
        }

        if (partition >= 0 && owners.TryGetOwner(partition, out var owner) && compatible.Contains(owner))
        {
            owners.CountPlaced(local: false);
            return Task.FromResult(owner);
        }

        owners.CountPlaced(local: false);
        return Task.FromResult(compatible.Contains(context.LocalSilo) ? context.LocalSilo : compatible[Random.Shared.Next(compatible.Length)]);
    }
}
