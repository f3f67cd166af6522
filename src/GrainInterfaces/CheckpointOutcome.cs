using Orleans;

namespace Fraud.Orleans.GrainInterfaces;

[GenerateSerializer]
[Alias("fraud.CheckpointOutcome")]
public enum CheckpointOutcome : byte
{
    /// <summary>Nothing changed since the last write.</summary>
    Clean = 0,

    /// <summary>The state is durable as of the grain's last transaction.</summary>
    Written = 1,

    /// <summary>A newer owner of the card's partition wrote it: this activation's changes were dropped and it deactivated.</summary>
    Fenced = 2,
}
