namespace Fraud.Orleans.Silo.Runtime;

/// <summary>An activation whose state changed since its last durable checkpoint.</summary>
public interface ICheckpointable
{
    string GrainType { get; }

    string Key { get; }

    /// <summary>The partition whose owner hosts this activation (-1 when unknown).</summary>
    int Partition { get; }

    /// <summary>The ownership epoch of <see cref="Partition"/> this activation writes with.</summary>
    long Epoch { get; }

    /// <summary>Copies the state between turns; null when the activation is gone.</summary>
    ValueTask<StateSnapshot?> SnapshotAsync(CancellationToken cancellationToken);

    void OnCheckpointed(StateSnapshot snapshot, string etag);

    void OnFenced();
}

public sealed record StateSnapshot(byte[] Data, string? ExpectedEtag, long Version);
