namespace Fraud.Orleans.Ingest;

/// <summary>What the silo does as the consumer group moves partitions: placement of the grains that live on them.</summary>
public interface IPartitionLifecycle
{
    /// <summary>Called before the first record of <paramref name="partitions"/> is handed over.</summary>
    void OnAssigned(IReadOnlyList<int> partitions);

    /// <summary>
    /// The partitions leave this silo. <paramref name="durable"/>: everything decided for them is durable and
    /// committed (a clean hand-over); false: they were lost or fenced, and their unsaved state must be discarded.
    /// No record of them is handed over after this call.
    /// </summary>
    void OnReleased(IReadOnlyList<int> partitions, bool durable);
}
