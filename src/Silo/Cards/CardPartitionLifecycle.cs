using System.Diagnostics;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Ingest;
using Orleans;

namespace Fraud.Orleans.Silo.Cards;

/// <summary>
/// Follows the consumer group: an assigned partition's ownership epoch is claimed before its grains take
/// transactions; a leaving partition's grains deactivate before the gateway lets it go, so the next owner's calls
/// find no activation here.
/// </summary>
public sealed class CardPartitionLifecycle(PartitionEpochs epochs, CardActivations cards, IGrainFactory grains, CardHostLog log)
    : IPartitionLifecycle
{
    /// <summary>How long a leaving partition's grains get to deactivate; the poll thread waits meanwhile.</summary>
    public static TimeSpan LeaveTimeout { get; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Claims the partitions' epochs and waits for the claims: the gateway hands their records over only after this
    /// returns, and a record that had to wait for its epoch could reach its grain after the next record of its card.
    /// </summary>
    public void OnAssigned(IReadOnlyList<int> partitions)
    {
        foreach (var partition in partitions)
        {
            epochs.Claim(partition);
        }

        foreach (var partition in partitions)
        {
            // 0 when the claim is given up (the silo stops, or the partition left meanwhile): its records are not handed over then.
            epochs.CurrentAsync(partition, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }
    }

    public void OnReleased(IReadOnlyList<int> partitions, bool durable)
    {
        var leaving = partitions.ToHashSet();
        foreach (var partition in partitions)
        {
            epochs.Release(partition); // from here on this silo's grains of these partitions refuse transactions and writes
        }

        var active = cards.ActiveIn(leaving);
        var leave = Stopwatch.StartNew();
        try
        {
            Task.WaitAll([.. active.Select(id => grains.GetGrain<ICardGrainControl>(id).LeaveAsync().AsTask())], LeaveTimeout);
        }
        catch (AggregateException)
        {
            // A grain that could not be told deactivates on its own: it refuses the next transaction here.
        }

        // A grain that was told deactivates after its turn: the next owner's calls must not find it here.
        SpinWait.SpinUntil(() => !cards.AnyActiveIn(leaving), LeaveTimeout - leave.Elapsed is { Ticks: > 0 } left ? left : TimeSpan.Zero);

        log.PartitionsReleased(string.Join(",", partitions), durable ? "handed over durable" : "lost or fenced, unsaved state discarded", active.Count);
    }
}
