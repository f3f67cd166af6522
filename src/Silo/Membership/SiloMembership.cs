using Fraud.Orleans.Ingest;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;

namespace Fraud.Orleans.Silo.Membership;

/// <summary>
/// Keeps this silo's entry (endpoint, owned partitions, heartbeat) in the membership table, at once when its
/// partitions change and every heartbeat interval otherwise, and a cached view of the other silos' entries
/// so that any silo can tell which one owns a card's partition.
/// </summary>
public sealed class SiloMembership(
    MembershipTable table,
    MembershipOptions options,
    PartitionMap partitions,
    IServer server,
    TimeProvider time,
    MembershipLog log) : BackgroundService, IPartitionLifecycle
{
    private readonly SemaphoreSlim _changed = new(0);
    private volatile IReadOnlyList<SiloEntry> _entries = [];
    private volatile bool _abandoned;

    public string SiloId { get; } = string.IsNullOrWhiteSpace(options.SiloId) ? $"{Environment.MachineName}-{Guid.NewGuid():N}" : options.SiloId;

    public void OnAssigned(IReadOnlyList<int> assigned) => _changed.Release();

    public void OnReleased(IReadOnlyList<int> released, bool durable) => _changed.Release();

    /// <summary>Crash simulation: the entry is neither refreshed nor removed; others ignore it once it expires.</summary>
    public void Abandon() => _abandoned = true;

    /// <summary>
    /// The endpoint of the other live silo that says it owns <paramref name="partition"/> (the freshest heartbeat
    /// wins while a hand-over settles), reading the table again if the cached view knows none.
    /// </summary>
    public async Task<Uri?> FindOwnerAsync(int partition, CancellationToken cancellationToken)
    {
        var owner = FindOwner(partition);
        if (owner is null)
        {
            _entries = await table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
            owner = FindOwner(partition);
        }

        return owner;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_abandoned)
        {
            return;
        }

        try
        {
            await table.DeleteAsync(SiloId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            log.HeartbeatFailed(SiloId, ex); // it expires by itself
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var joined = false;
        while (!stoppingToken.IsCancellationRequested && !_abandoned)
        {
            try
            {
                if (Endpoint() is { } endpoint)
                {
                    if (!joined)
                    {
                        await table.EnsureCreatedAsync(stoppingToken).ConfigureAwait(false);
                    }

                    await table.PutAsync(new SiloEntry(SiloId, endpoint, partitions.Owned, time.GetUtcNow()), stoppingToken).ConfigureAwait(false);
                    _entries = await table.ReadAllAsync(stoppingToken).ConfigureAwait(false);
                    if (!joined)
                    {
                        joined = true;
                        log.Joined(SiloId, options.Table, endpoint);
                    }
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                log.HeartbeatFailed(SiloId, ex);
            }

            // Until the next heartbeat, or at once when this silo's partitions change.
            using var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var interval = joined ? options.HeartbeatInterval : TimeSpan.FromMilliseconds(100);
            await Task.WhenAny(_changed.WaitAsync(wake.Token), Task.Delay(interval, time, wake.Token)).ConfigureAwait(false);
            await wake.CancelAsync().ConfigureAwait(false);
        }
    }

    private Uri? FindOwner(int partition)
    {
        var fresh = time.GetUtcNow() - options.EntryExpiry;
        return _entries
            .Where(e => e.SiloId != SiloId && e.HeartbeatAt >= fresh && e.Partitions.Contains(partition))
            .OrderByDescending(e => e.HeartbeatAt)
            .Select(e => e.Endpoint)
            .FirstOrDefault();
    }

    private Uri? Endpoint()
    {
        if (!string.IsNullOrWhiteSpace(options.AdvertisedUrl))
        {
            return new Uri(options.AdvertisedUrl);
        }

        var bound = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        return bound is null || bound.EndsWith(":0", StringComparison.Ordinal) ? null : new Uri(bound);
    }
}
