using Fraud.Orleans.Runtime;

namespace Fraud.Orleans.Silo.Runtime;

/// <summary>
/// The host's side of <see cref="IPersistentState{TState}"/>: a write bumps the in-memory version and queues
/// the activation for the next coalesced checkpoint; the ETag moves when that checkpoint is durable.
/// </summary>
internal sealed class PersistentState<TState>(TState state, string? etag, ICheckpointable owner, CheckpointQueue queue)
    : IPersistentState<TState> where TState : class
{
    private string? _etag = etag;
    private long _version;
    private long _durableVersion;
    private int _queued;

    public TState State { get; } = state;

    public string? Etag => Volatile.Read(ref _etag);

    public bool RecordExists => Etag is not null;

    /// <summary>Changes not yet in a durable checkpoint.</summary>
    public bool IsDirty => Volatile.Read(ref _version) != Volatile.Read(ref _durableVersion) || Volatile.Read(ref _queued) != 0;

    public ValueTask WriteStateAsync()
    {
        Interlocked.Increment(ref _version);
        if (Interlocked.Exchange(ref _queued, 1) == 0)
        {
            queue.Enqueue(owner);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Called between turns: from here on, a new write queues the activation again.</summary>
    public StateSnapshot Snapshot(byte[] data)
    {
        Volatile.Write(ref _queued, 0);
        return new StateSnapshot(data, Etag, Volatile.Read(ref _version));
    }

    public void Checkpointed(StateSnapshot snapshot, string etag)
    {
        Volatile.Write(ref _etag, etag);
        Volatile.Write(ref _durableVersion, snapshot.Version);
    }
}
