using Fraud.Orleans.Runtime;

namespace Fraud.Orleans.Benchmarks;

/// <summary>Grain state held in memory: the turn's cost without storage, which the silo makes durable off the hot path.</summary>
internal sealed class BenchmarkState<TState>(TState state) : IPersistentState<TState> where TState : class
{
    public TState State { get; } = state;

    public string? Etag => null;

    public bool RecordExists => true;

    public ValueTask WriteStateAsync() => ValueTask.CompletedTask;
}
