using System.Collections.Concurrent;

namespace Fraud.Orleans.Silo.Runtime;

/// <summary>The activations of one grain type on this silo, created on first message.</summary>
internal sealed class ActivationDirectory<TGrain, TState>(GrainType<TGrain, TState> type)
    where TGrain : class
    where TState : class
{
    private readonly ConcurrentDictionary<string, GrainActivation<TGrain, TState>> _activations = new(StringComparer.Ordinal);

    public int Count => _activations.Count;

    public GrainActivation<TGrain, TState> GetOrActivate(string key, int partition)
    {
        if (_activations.TryGetValue(key, out var existing))
        {
            return existing;
        }

        var created = new GrainActivation<TGrain, TState>(type, key, partition);
        var winner = _activations.GetOrAdd(key, created);
        if (ReferenceEquals(winner, created))
        {
            type.Log.Activated(type.Name, key);
            foreach (var observer in type.Observers)
            {
                observer.OnActivated(type.Name, key, partition);
            }

            _ = created.LoadAsync(type.Stopping);
        }

        return winner;
    }

    public void Remove(GrainActivation<TGrain, TState> activation)
    {
        if (_activations.TryRemove(new KeyValuePair<string, GrainActivation<TGrain, TState>>(activation.Key, activation)))
        {
            foreach (var observer in type.Observers)
            {
                observer.OnDeactivated(type.Name, activation.Key, activation.Partition);
            }
        }
    }

    /// <summary>Deactivates activations idle for longer than <paramref name="idleTimeout"/> whose state is durable.</summary>
    public int DeactivateIdle(TimeSpan idleTimeout)
    {
        var closed = 0;
        foreach (var activation in _activations.Values)
        {
            if (activation.IdleFor >= idleTimeout && activation.TryDeactivate())
            {
                Remove(activation);
                closed++;
            }
        }

        return closed;
    }

    /// <summary>Deactivates every activation living on one of <paramref name="partitions"/>: they moved to another silo.</summary>
    public int DeactivatePartitions(IReadOnlySet<int> partitions)
    {
        var closed = 0;
        foreach (var activation in _activations.Values)
        {
            if (partitions.Contains(activation.Partition))
            {
                activation.Deactivate();
                Remove(activation);
                closed++;
            }
        }

        return closed;
    }
}
