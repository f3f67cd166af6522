using Orleans;
using Orleans.Concurrency;

namespace Fraud.Orleans.GrainInterfaces;

/// <summary>What the silo hosting a card grain asks of it: checkpoints and leaving. Not for API callers.</summary>
[Alias("fraud.ICardGrainControl")]
public interface ICardGrainControl : IGrainWithStringKey
{
    /// <summary>
    /// Writes the state if it changed since its last write: taken between two transactions, written while the card
    /// goes on deciding, so that its transactions do not wait for DynamoDB.
    /// </summary>
    [Alias("checkpoint")]
    [AlwaysInterleave]
    ValueTask<CheckpointOutcome> CheckpointAsync();

    /// <summary>Deactivates if no transaction came for <paramref name="idleTimeout"/> and the state is durable.</summary>
    [Alias("retire")]
    ValueTask<bool> RetireIfIdleAsync(TimeSpan idleTimeout);

    /// <summary>
    /// Deactivates now if the card's partition is not owned where the activation lives (it left that silo). Changes not
    /// yet durable are dropped; the next owner rebuilds them from Kafka, after what that silo committed.
    /// </summary>
    [Alias("leave")]
    ValueTask LeaveAsync();
}
