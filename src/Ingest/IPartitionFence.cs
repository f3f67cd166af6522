namespace Fraud.Orleans.Ingest;

/// <summary>Lets storage tell the gateway that another silo owns a partition now (a conditional write failed).</summary>
public interface IPartitionFence
{
    /// <summary>Stops processing the partition at once and never commits for it; its grains are discarded.</summary>
    void Drop(int partition);
}
