namespace Fraud.Orleans.Runtime;

/// <summary>
/// A grain's persistent state, Orleans-shaped. The host reads it (with its ETag) before the first turn.
/// <see cref="WriteStateAsync"/> schedules a coalesced checkpoint instead of a round trip per call: at
/// thousands of events per second a conditional write per event is out of reach, so the host batches
/// checkpoints and commits input offsets only once the state they depend on is durable. On Orleans this
/// maps onto a write-behind grain storage provider.
/// </summary>
public interface IPersistentState<out TState> where TState : class
{
    TState State { get; }

    /// <summary>Version of the stored record this state was read from or last written as; null when none.</summary>
    string? Etag { get; }

    bool RecordExists { get; }

    ValueTask WriteStateAsync();
}
