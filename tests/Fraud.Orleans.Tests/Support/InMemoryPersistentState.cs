namespace Fraud.Orleans.Tests.Support;

/// <summary>Holds a card's state in memory for unit tests of the per-card logic; counts the changes that would be written.</summary>
public sealed class InMemoryPersistentState<TState>(TState state) where TState : class
{
    public TState State { get; } = state;

    public int Writes { get; set; }
}
