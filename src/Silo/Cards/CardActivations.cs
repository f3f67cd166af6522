using System.Collections.Concurrent;
using Fraud.Orleans.Grains;
using Fraud.Orleans.Ingest;
using Orleans.Runtime;

namespace Fraud.Orleans.Silo.Cards;

/// <summary>
/// The card grains active on this silo, by partition, and those changed since their last checkpoint: what the
/// checkpoint coordinator writes, what a partition's departure deactivates, what idle retirement looks at.
/// </summary>
public sealed class CardActivations(
    PartitionMap partitions, PartitionEpochs epochs, PartitionOwners owners, ILocalSiloDetails silo, IEnumerable<IActivationObserver> observers, GrainCallMetrics calls, CardHostLog log)
    : ICardSilo
{
    private readonly ConcurrentDictionary<string, int> _active = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _dirty = new();
    private readonly ConcurrentDictionary<string, bool> _lost = new(StringComparer.Ordinal);
    private readonly IActivationObserver[] _observers = observers.ToArray();

    public int Count => _active.Count;

    public long EpochOf(string cardId) => partitions.PartitionOf(cardId) is var partition and >= 0 ? epochs.Current(partition) : 0;

    public SiloAddress? OwnerElsewhere(string cardId) =>
        partitions.PartitionOf(cardId) is var partition and >= 0 && owners.TryGetOwner(partition, out var owner) && !owner.Equals(silo.SiloAddress)
            ? owner
            : null;

    public void CalledFromAnotherSilo() => calls.OnRemote();

    public void Activated(string cardId)
    {
        var partition = partitions.PartitionOf(cardId);
        _active[cardId] = partition;
        log.Activated(cardId, partition);
        foreach (var observer in _observers)
        {
            observer.OnActivated(CardGrain.StateName, cardId, partition);
        }
    }

    public void Deactivated(string cardId)
    {
        if (_active.TryRemove(cardId, out var partition))
        {
            log.Deactivated(cardId, partition);
            foreach (var observer in _observers)
            {
                observer.OnDeactivated(CardGrain.StateName, cardId, partition);
            }
        }
    }

    public void MarkDirty(string cardId) => _dirty.Enqueue(cardId);

    public void Lost(string cardId) => _lost[cardId] = true;

    /// <summary>The card deactivated with changes not written since it was last asked; forgets it.</summary>
    public bool TakeLost(string cardId) => _lost.TryRemove(cardId, out _);

    public void Leaving(string cardId, SiloAddress? owner) => log.Leaving(cardId, owner?.ToString() ?? "nowhere: dropped");

    /// <summary>Cards changed since their last checkpoint; each is queued once until its grain writes it.</summary>
    public List<string> DrainDirty()
    {
        var drained = new List<string>(_dirty.Count);
        while (_dirty.TryDequeue(out var cardId))
        {
            drained.Add(cardId);
        }

        return drained;
    }

    /// <summary>Queues cards again whose checkpoint failed: their grains stay dirty and do not queue themselves twice.</summary>
    public void Requeue(IEnumerable<string> cardIds)
    {
        foreach (var cardId in cardIds)
        {
            _dirty.Enqueue(cardId);
        }
    }

    public List<string> ActiveIn(IReadOnlySet<int> leaving) =>
        [.. _active.Where(a => leaving.Contains(a.Value)).Select(a => a.Key)];

    public bool AnyActiveIn(IReadOnlySet<int> leaving) => _active.Any(a => leaving.Contains(a.Value));

    public List<string> All() => [.. _active.Keys];

    public bool IsActive(string cardId) => _active.ContainsKey(cardId);

    /// <summary>This silo's gateway owns the card's partition.</summary>
    public bool IsOwnedHere(string cardId) => partitions.PartitionOf(cardId) is var partition and >= 0 && partitions.Owns(partition);

    public int PartitionOf(string cardId) => partitions.PartitionOf(cardId);
}
