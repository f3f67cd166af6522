using Orleans;
using Orleans.Placement;
using Orleans.Runtime;

namespace Fraud.Orleans.Grains;

/// <summary>
/// Places a card's grain on the silo that owns the card's Kafka partition, so the ingest gateway's calls stay on
/// their silo (the director is the silo's: <c>PartitionAffinePlacementDirector</c>).
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("fraud.PartitionAffinePlacement")]
public sealed class PartitionAffinePlacement : PlacementStrategy
{
    public static PartitionAffinePlacement Instance { get; } = new();
}

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class PartitionAffinePlacementAttribute() : PlacementAttribute(PartitionAffinePlacement.Instance);
