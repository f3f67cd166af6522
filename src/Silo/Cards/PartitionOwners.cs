using Fraud.Orleans.Ingest;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;

namespace Fraud.Orleans.Silo.Cards;

/// <summary>
/// The cluster's view of which silo owns which partition, re-read from the epoch claims every couple of seconds:
/// placement sends a card activated by a call from elsewhere (the API) to its partition's owner. Stale for a moment
/// after a rebalance, which costs one move, never correctness. Also counts placements, local or not.
/// </summary>
public sealed class PartitionOwners(PartitionEpochClaims claims, PartitionMap partitions, KafkaIngestOptions kafka, TimeProvider time, CardHostLog log)
    : BackgroundService
{
    private Dictionary<int, SiloAddress> _owners = [];
    private long _placedLocal;
    private long _placedElsewhere;

    public static TimeSpan RefreshInterval { get; } = TimeSpan.FromSeconds(2);

    /// <summary>Activations placed on the silo whose gateway owns their partition (the caller's own).</summary>
    public long PlacedLocal => Interlocked.Read(ref _placedLocal);

    /// <summary>Activations placed elsewhere: by the ownership view or, when unknown, on any compatible silo.</summary>
    public long PlacedElsewhere => Interlocked.Read(ref _placedElsewhere);

    public bool TryGetOwner(int partition, out SiloAddress owner) => Volatile.Read(ref _owners).TryGetValue(partition, out owner!);

    public void CountPlaced(bool local) => Interlocked.Increment(ref local ? ref _placedLocal : ref _placedElsewhere);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RefreshInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (partitions.Count <= 0)
                {
                    continue;
                }

                try
                {
                    var read = await claims.ReadOwnersAsync(kafka.Topic, partitions.Count, stoppingToken).ConfigureAwait(false);
                    Volatile.Write(ref _owners, read.ToDictionary(o => o.Key, o => SiloAddress.FromParsableString(o.Value)));
                    log.OwnersRead(string.Join(" ", read.Select(o => $"{o.Key}={o.Value}")));
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested && ex is not OutOfMemoryException)
                {
                    // The last view stays; placement falls back on the local silo where it knows nothing.
                    log.OwnersRefreshFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
