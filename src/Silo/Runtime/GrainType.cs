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
        Time = time;
        Log = log;
        Directory = new ActivationDirectory<TGrain, TState>(this, stopping);
    }

    public string Name { get; }

    public Func<string, IPersistentState<TState>, TGrain> CreateGrain { get; }

    public Func<TState> NewState { get; }

    public IGrainStateSerializer<TState> Serializer { get; }

    public IGrainStateStore Store { get; }

    public CheckpointQueue Checkpoints { get; }

    public TimeProvider Time { get; }

    public RuntimeLog Log { get; }

    public ActivationDirectory<TGrain, TState> Directory { get; }

    public TimeSpan LoadRetry { get; init; } = TimeSpan.FromMilliseconds(50);

    public TimeSpan LoadRetryMax { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Calls a grain method as one turn: inline when the activation is free (no allocation), else queued
    /// behind earlier calls; a call that finds its activation gone is sent to the key's new activation.
    /// </summary>
    public ValueTask<TResult> InvokeAsync<TArg, TResult>(string key, Func<TGrain, TArg, ValueTask<TResult>> call, TArg arg)
    {
        var activation = Directory.GetOrActivate(key);
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

            activation = Directory.GetOrActivate(activation.Key);
        }
    }
}
