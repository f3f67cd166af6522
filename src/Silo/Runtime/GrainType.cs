using Fraud.Orleans.Ingest;
using Fraud.Orleans.Runtime;

namespace Fraud.Orleans.Silo.Runtime;

/// <summary>Everything the host needs to run one grain class: how to build it, its state, where it lives.</summary>
internal sealed class GrainType<TGrain, TState>
    where TGrain : class
    where TState : class
{
    public GrainType(
        string name,
        Func<string, IPersistentState<TState>, TGrain> createGrain,
        Func<TState> newState,
        IGrainStateSerializer<TState> serializer,
        IGrainStateStore store,
        CheckpointQueue checkpoints,
        PartitionEpochs epochs,
        PartitionMap partitions,
        IActivationObserver[] observers,
        TimeProvider time,
        RuntimeLog log,
        CancellationToken stopping)
    {
        Name = name;
        CreateGrain = createGrain;
        NewState = newState;
        Serializer = serializer;
        Store = store;
        Checkpoints = checkpoints;
        Epochs = epochs;
        Partitions = partitions;
        Observers = observers;
        Time = time;
        Log = log;
        Stopping = stopping;
        Directory = new ActivationDirectory<TGrain, TState>(this);
    }

    public string Name { get; }

    public Func<string, IPersistentState<TState>, TGrain> CreateGrain { get; }

    public Func<TState> NewState { get; }

    public IGrainStateSerializer<TState> Serializer { get; }

    public IGrainStateStore Store { get; }

    public CheckpointQueue Checkpoints { get; }

    public PartitionEpochs Epochs { get; }

    public PartitionMap Partitions { get; }

    public IActivationObserver[] Observers { get; }

    public TimeProvider Time { get; }

    public RuntimeLog Log { get; }

    /// <summary>Cancelled when the silo stops: activations created after it can never load.</summary>
    public CancellationToken Stopping { get; }

    public ActivationDirectory<TGrain, TState> Directory { get; }

    public TimeSpan LoadRetry { get; init; } = TimeSpan.FromMilliseconds(50);

    public TimeSpan LoadRetryMax { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Calls a grain method as one turn: inline when the activation is free (no allocation), else queued
    /// behind earlier calls; a call that finds its activation gone is sent to the key's new activation, as
    /// long as its partition is still this silo's.
    /// </summary>
    public ValueTask<TResult> InvokeAsync<TArg, TResult>(string key, int partition, Func<TGrain, TArg, ValueTask<TResult>> call, TArg arg)
    {
        var activation = Directory.GetOrActivate(key, partition);
        return activation.TryInvokeNow(call, arg, out var result) ? result : InvokeQueuedAsync(activation, call, arg);
    }

    private async ValueTask<TResult> InvokeQueuedAsync<TArg, TResult>(
        GrainActivation<TGrain, TState> activation, Func<TGrain, TArg, ValueTask<TResult>> call, TArg arg)
    {
        while (true)
        {
            var (ran, result) = await activation.InvokeQueuedAsync(call, arg, CancellationToken.None).ConfigureAwait(false);
            if (ran)
            {
                return result;
            }

            // A stopping silo loads no activation any more: looking again would spin until the process exits.
            Stopping.ThrowIfCancellationRequested();
            if (activation.Partition >= 0 && !Partitions.Owns(activation.Partition))
            {
                // Activating it here again would put the grain on two silos at once.
                throw new GrainMovedException(Name, activation.Key, activation.Partition);
            }

            activation = Directory.GetOrActivate(activation.Key, activation.Partition);
        }
    }
}
