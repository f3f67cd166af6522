namespace Fraud.Orleans.Silo.Runtime;

/// <summary>An activation whose state changed since its last durable checkpoint.</summary>
public interface ICheckpointable
{
    string GrainType { get; }

    string Key { get; }

    /// <summary>Copies the state between turns; null when the activation is gone.</summary>
    ValueTask<StateSnapshot?> SnapshotAsync(CancellationToken cancellationToken);

    void OnCheckpointed(StateSnapshot snapshot, string etag);

    void OnFenced();
}

public sealed record StateSnapshot(byte[] Data, string? ExpectedEtag, long Version);
