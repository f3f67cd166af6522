using Fraud.Orleans.Runtime;

namespace Fraud.Orleans.Tests.Support;

/// <summary>Holds a grain's state in memory for unit tests of grain logic; counts the writes the grain asks for.</summary>
public sealed class InMemoryPersistentState<TState>(TState state) : IPersistentState<TState> where TState : class
{
    public TState State { get; } = state;

    public string? Etag => null;

    public bool RecordExists => false;

    public int Writes { get; private set; }

    public ValueTask WriteStateAsync()
    {
        Writes++;
        return ValueTask.CompletedTask;
    }
}
