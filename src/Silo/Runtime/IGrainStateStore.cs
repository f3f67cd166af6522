namespace Fraud.Orleans.Silo.Runtime;

/// <summary>Durable grain state with optimistic concurrency on an ETag.</summary>
public interface IGrainStateStore
{
    Task<StoredGrainState?> ReadAsync(string grainType, string key, CancellationToken cancellationToken);

    /// <summary>
    /// Writes only if the stored ETag still equals <paramref name="expectedEtag"/> (null: only if absent), and
    /// returns the new ETag. Throws <see cref="GrainStateFencedException"/> when another writer got there first.
    /// </summary>
    Task<string> WriteAsync(string grainType, string key, byte[] data, string? expectedEtag, CancellationToken cancellationToken);
}

public sealed record StoredGrainState(byte[] Data, string Etag);

/// <summary>The stored state moved on without us: another silo owns this grain now.</summary>
public sealed class GrainStateFencedException(string grainType, string key, string? expectedEtag)
    : Exception($"{grainType}/{key}: stored state is no longer at ETag '{expectedEtag ?? "<absent>"}'; another silo owns it.")
{
    public string GrainType { get; } = grainType;

    public string Key { get; } = key;
}
