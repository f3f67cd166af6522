namespace Fraud.Orleans.Ingest;

/// <summary>The gateway's side of a checkpoint: which offsets are decided, and committing those made durable.</summary>
public interface IIngestOffsets
{
    /// <summary>Per owned partition, the offset after the longest prefix of records that are all decided.</summary>
    IReadOnlyList<PartitionOffset> CaptureDecided();

    /// <summary>Commits offsets captured by <see cref="CaptureDecided"/> once their effects are durable.</summary>
    void CommitDurable(IReadOnlyList<PartitionOffset> offsets);
}

public readonly record struct PartitionOffset(string Topic, int Partition, long Offset);
