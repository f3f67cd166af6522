namespace Fraud.Orleans.Silo.Runtime;

/// <summary>Durable grain state with optimistic concurrency on an ETag, fenced by partition ownership epochs.</summary>
public interface IGrainStateStore
{
    Task<StoredGrainState?> ReadAsync(string grainType, string key, CancellationToken cancellationToken);

    /// <summary>
    /// Writes only if the stored ETag still equals <paramref name="expectedEtag"/> (null: only if absent) and no
    /// owner with a higher <paramref name="epoch"/> wrote the item, and returns the new ETag. A write by a lower
    /// epoch found in place (a silo that lost the partition wrote after this owner read) is overwritten.
    /// Throws <see cref="GrainStateFencedException"/> when a higher epoch wrote the item.
    /// </summary>
    Task<string> WriteAsync(string grainType, string key, byte[] data, string? expectedEtag, long epoch, CancellationToken cancellationToken);

    /// <summary>Takes the next ownership epoch of a partition: higher than any taken before.</summary>
    Task<long> ClaimPartitionEpochAsync(string topic, int partition, CancellationToken cancellationToken);
}

public sealed record StoredGrainState(byte[] Data, string Etag, long Epoch = 0);

/// <summary>The stored state moved on without us: another silo owns this grain now.</summary>
public sealed class GrainStateFencedException(string grainType, string key, string? expectedEtag)
    : Exception($"{grainType}/{key}: stored state is no longer at ETag '{expectedEtag ?? "<absent>"}'; another silo owns it.")
{
    public string GrainType { get; } = grainType;

    public string Key { get; } = key;
}
