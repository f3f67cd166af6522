using Fraud.Orleans.GrainInterfaces;
using Orleans;
using Orleans.Runtime;
using Orleans.Runtime.Placement;
using Orleans.Storage;

namespace Fraud.Orleans.Grains;

/// <summary>
/// A card on Orleans. Its state is written at checkpoints, not per transaction: the silo's checkpoint coordinator
/// asks every changed card to write before it commits the Kafka offsets that produced the change
/// (docs/durability.md). It takes transactions only where its partition is owned, at the caller's epoch, so one
/// silo's changes never hide behind another silo's commit. Kept alive by the silo, not Orleans' idle collector:
/// only a durable card may go.
/// </summary>
[GrainType(GrainTypeName)]
[KeepAlive]
[PartitionAffinePlacement]
public sealed class CardGrain(
    [PersistentState(CardGrain.StateName, CardGrain.StorageName)] IPersistentState<CardState> state,
    CardDecider decider,
    ICardSilo silo,
    TimeProvider time) : Grain, ICardGrain, ICardGrainControl
{
    public const string GrainTypeName = "card";
    public const string StorageName = "cards";
    public const string StateName = "card";

    private string _cardId = string.Empty;
    private bool _dirty;
    private long _changes;
    private Task<CheckpointOutcome>? _writing;
    private bool _discard;
    private long _lastUsed = time.GetTimestamp();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _cardId = this.GetPrimaryKeyString();
        silo.Activated(_cardId);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Orleans may deactivate a card on its own (a silo leaving the cluster takes directory entries with it): changes
    /// not yet written are written now, where this silo still owns the partition. Changes that cannot be kept are
    /// reported, so that this silo commits nothing past them.
    /// </summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_dirty && !_discard && silo.EpochOf(_cardId) > 0)
        {
            try
            {
                await state.WriteStateAsync(cancellationToken);
                _dirty = false;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Reported as lost below.
            }
        }

        if (_dirty)
        {
            silo.Lost(_cardId);
        }

        silo.Deactivated(_cardId);
    }

    public async ValueTask<FraudSignal> ScoreAsync(Transaction transaction, long ownerEpoch)
    {
        var epoch = silo.EpochOf(_cardId);
        if (epoch == 0 || (ownerEpoch != 0 && ownerEpoch != epoch))
        {
            if (ownerEpoch != 0)
            {
                silo.CalledFromAnotherSilo();
            }

            if (epoch < ownerEpoch || epoch == 0)
            {
                LeaveForOwner();
            }

            throw new CardMovedException(_cardId, epoch, ownerEpoch);
        }

        _lastUsed = time.GetTimestamp();
        var (signal, changed) = await decider.DecideAsync(_cardId, state.State, transaction);
        if (changed)
        {
            _changes++;
            if (!_dirty)
            {
                _dirty = true;
                silo.MarkDirty(_cardId);
            }
        }

        return signal;
    }

    /// <summary>
    /// This silo lost the card's partition. Changes not yet durable are dropped with the activation. A durable one
    /// migrates to the partition's owner instead: a caller whose directory cache still names this silo would otherwise
    /// find no activation here and get a new one here, again and again, where migrating moves the directory entry.
    /// </summary>
    private void LeaveForOwner()
    {
        var owner = _dirty ? null : silo.OwnerElsewhere(_cardId);
        silo.Leaving(_cardId, owner);
        if (owner is not null)
        {
            RequestContext.Set(IPlacementDirector.PlacementHintKey, owner);
            MigrateOnIdle();
            return;
        }

        _discard = true;
        DeactivateOnIdle();
    }

    public ValueTask<CardLiveScore> GetLiveScoreAsync() =>
        ValueTask.FromResult(decider.LiveScore(_cardId, state.State, RuntimeIdentity));

    public ValueTask<FraudSignal[]> GetRecentSignalsAsync(int count) =>
        ValueTask.FromResult(decider.Recent(_cardId, state.State, count));

    /// <summary>
    /// Interleaves with the card's transactions: the storage serializes the state before its first await, so the
    /// write holds everything decided until now, and a transaction decided while it is on its way leaves the card
    /// dirty for the next checkpoint. One write at a time, as each expects the ETag the one before left.
    /// </summary>
    public async ValueTask<CheckpointOutcome> CheckpointAsync()
    {
        while (_writing is not null)
        {
            await _writing;
        }

        if (!_dirty)
        {
            return CheckpointOutcome.Clean;
        }

        var writing = WriteChangesAsync();
        _writing = writing;
        try
        {
            return await writing;
        }
        finally
        {
            _writing = null;
        }
    }

    private async Task<CheckpointOutcome> WriteChangesAsync()
    {
        var covered = _changes;
        try
        {
            await state.WriteStateAsync();
        }
        catch (InconsistentStateException)
        {
            // A newer owner of the partition wrote this card: it rebuilds what we had from Kafka.
            _dirty = false;
            DeactivateOnIdle();
            return CheckpointOutcome.Fenced;
        }

        if (_changes == covered)
        {
            _dirty = false;
        }
        else
        {
            silo.MarkDirty(_cardId); // decided during the write: not in it
        }

        return CheckpointOutcome.Written;
    }

    public ValueTask<bool> RetireIfIdleAsync(TimeSpan idleTimeout)
    {
        if (_dirty || time.GetElapsedTime(_lastUsed) < idleTimeout)
        {
            return ValueTask.FromResult(false);
        }

        DeactivateOnIdle();
        return ValueTask.FromResult(true);
    }

    public ValueTask LeaveAsync()
    {
        // Asked by a silo releasing the partition, whose view of where this card lives may be stale: an activation on
        // a silo that owns the partition now stays.
        if (silo.EpochOf(_cardId) == 0)
        {
            _discard = true;
            DeactivateOnIdle();
        }

        return ValueTask.CompletedTask;
    }
}
