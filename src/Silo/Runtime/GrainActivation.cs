using System.Runtime.CompilerServices;
using Fraud.Orleans.Runtime;

namespace Fraud.Orleans.Silo.Runtime;

/// <summary>
/// One live grain: its state, and a turn gate that lets one call in at a time, in arrival order. The gate is
/// closed while state loads, so calls made meanwhile queue behind the load in order.
/// </summary>
internal sealed class GrainActivation<TGrain, TState> : ICheckpointable
    where TGrain : class
    where TState : class
{
    private readonly SemaphoreSlim _gate = new(0, 1);
    private readonly GrainType<TGrain, TState> _type;
    private readonly Lock _statusLock = new();
    private TGrain? _grain;
    private PersistentState<TState>? _state;
    private volatile ActivationStatus _status = ActivationStatus.Loading;
    private long _lastUsedTimestamp;

    public GrainActivation(GrainType<TGrain, TState> type, string key, int partition)
    {
        _type = type;
        Key = key;
        Partition = partition;
        _lastUsedTimestamp = type.Time.GetTimestamp();
    }

    public string GrainType => _type.Name;

    public string Key { get; }

    public int Partition { get; }

    public long Epoch { get; private set; }

    public ActivationStatus Status => _status;

    public bool IsDirty => _state?.IsDirty ?? false;

    public TimeSpan IdleFor => _type.Time.GetElapsedTime(Volatile.Read(ref _lastUsedTimestamp));

    /// <summary>Reads state until it succeeds: failing would let later calls overtake the queued ones.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var backoff = _type.LoadRetry;
        try
        {
            while (_status == ActivationStatus.Loading)
            {
                try
                {
                    // The epoch first: state read after this owner's claim is at least as new as any earlier owner's last write.
                    Epoch = await _type.Epochs.CurrentAsync(Partition, cancellationToken).ConfigureAwait(false);
                    var stored = _status == ActivationStatus.Loading
                        ? await _type.Store.ReadAsync(_type.Name, Key, cancellationToken).ConfigureAwait(false)
                        : null;
                    lock (_statusLock)
                    {
                        if (_status == ActivationStatus.Loading)
                        {
                            var state = stored is null ? _type.NewState() : _type.Serializer.Deserialize(stored.Data);
                            _state = new PersistentState<TState>(state, stored?.Etag, this, _type.Checkpoints);
                            _grain = _type.CreateGrain(Key, _state);
                            _status = ActivationStatus.Active;
                        }
                    }

                    return;
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested && _status == ActivationStatus.Loading)
                {
                    _type.Log.LoadFailed(_type.Name, Key, backoff, ex);
                    await Task.Delay(backoff, _type.Time, cancellationToken).ConfigureAwait(false);
                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _type.LoadRetryMax.Ticks));
                }
            }
        }
        finally
        {
            // A load given up because the silo stops leaves no half-made activation behind for callers to find.
            var abandoned = false;
            lock (_statusLock)
            {
                if (_status == ActivationStatus.Loading)
                {
                    _status = ActivationStatus.Deactivated;
                    abandoned = true;
                }
            }

            if (abandoned)
            {
                _type.Directory.Remove(this);
            }

            // Loaded, or deactivated while loading (its partition left), or stopping: queued callers go on either way
            // and see the status (a gate left closed would hang them and every checkpoint after them).
            _gate.Release();
        }
    }

    /// <summary>Runs the call now if the gate is free and the call completes synchronously: the hot path.</summary>
    public bool TryInvokeNow<TArg, TResult>(Func<TGrain, TArg, ValueTask<TResult>> call, TArg arg, out ValueTask<TResult> result)
    {
        if (_status != ActivationStatus.Active || !_gate.Wait(0))
        {
            result = default;
            return false;
        }

        if (_status != ActivationStatus.Active)
        {
            _gate.Release();
            result = default;
            return false;
        }

        ValueTask<TResult> pending;
        try
        {
            pending = call(_grain!, arg);
        }
        catch
        {
            EndTurn();
            throw;
        }

        if (pending.IsCompleted)
        {
            EndTurn();
            result = pending;
        }
        else
        {
            result = EndTurnWhenDone(pending);
        }

        return true;
    }

    /// <summary>Waits for the turn; false when the activation went away meanwhile and the caller must look again.</summary>
    public async ValueTask<(bool Ran, TResult Result)> InvokeQueuedAsync<TArg, TResult>(
        Func<TGrain, TArg, ValueTask<TResult>> call, TArg arg, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (_status != ActivationStatus.Active)
        {
            _gate.Release();
            return (false, default!);
        }

        try
        {
            return (true, await call(_grain!, arg).ConfigureAwait(false));
        }
        finally
        {
            EndTurn();
        }
    }

    /// <summary>Closes the activation if it is idle and nothing waits for a checkpoint.</summary>
    public bool TryDeactivate()
    {
        if (_status != ActivationStatus.Active || IsDirty || !_gate.Wait(0))
        {
            return false;
        }

        _status = ActivationStatus.Deactivated;
        _gate.Release();
        return true;
    }

    /// <summary>
    /// Its partition left this silo: no turn starts here any more (one already running finishes, its result
    /// going to its caller only); what is not durable is discarded, the next owner rebuilds it from Kafka.
    /// </summary>
    public void Deactivate()
    {
        lock (_statusLock)
        {
            if (_status is ActivationStatus.Loading or ActivationStatus.Active)
            {
                _status = ActivationStatus.Deactivated;
            }
        }
    }

    public async ValueTask<StateSnapshot?> SnapshotAsync(CancellationToken cancellationToken)
    {
        if (_status != ActivationStatus.Active)
        {
            return null; // deactivated or fenced: nothing of it is to be written
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Only active activations can be dirty: deactivation waits for a durable state, fencing discards it.
            return _status == ActivationStatus.Active ? _state!.Snapshot(_type.Serializer.Serialize(_state.State)) : null;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void OnCheckpointed(StateSnapshot snapshot, string etag) => _state!.Checkpointed(snapshot, etag);

    public void OnFenced()
    {
        lock (_statusLock)
        {
            _status = ActivationStatus.Fenced;
        }

        _type.Directory.Remove(this);
    }

    private void EndTurn()
    {
        Volatile.Write(ref _lastUsedTimestamp, _type.Time.GetTimestamp());
        _gate.Release();
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<TResult> EndTurnWhenDone<TResult>(ValueTask<TResult> pending)
    {
        try
        {
            return await pending.ConfigureAwait(false);
        }
        finally
        {
            EndTurn();
        }
    }
}
