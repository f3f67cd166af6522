using Fraud.Orleans.Ingest;

namespace Fraud.Orleans.Silo.Cards;

/// <summary>
/// The ownership epoch of each partition this silo holds: claimed when the partition is assigned (an atomic
/// counter, so every new owner's epoch is higher than every earlier owner's), carried by the gateway's grain calls
/// and written into every state item of its grains as the storage's fence. A write from a lower epoch than the
/// item's is refused: that is what fences a silo that lost the partition.
/// </summary>
public sealed class PartitionEpochs(PartitionEpochClaims store, KafkaIngestOptions kafka, TimeProvider time, CardHostLog log)
    : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<int, (Task<long> Epoch, CancellationTokenSource Cancel)> _claims = [];
    private readonly CancellationTokenSource _stopping = new();
    private volatile bool _abandoned;

    /// <summary>Crash simulation: no epoch is handed out any more, so no grain state is written from here on.</summary>
    public void Abandon()
    {
        _abandoned = true;
        Dispose();
    }

    /// <summary>The claimed epoch of an owned partition without waiting; 0 when not owned or not claimed yet.</summary>
    public long Current(int partition)
    {
        if (_abandoned)
        {
            return 0;
        }

        lock (_lock)
        {
            return _claims.TryGetValue(partition, out var c) && c.Epoch.IsCompletedSuccessfully ? c.Epoch.Result : 0;
        }
    }

    public void Claim(int partition)
    {
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        var claim = ClaimAsync(partition, cancel.Token);
        lock (_lock)
        {
            if (_claims.Remove(partition, out var earlier))
            {
                End(earlier.Cancel);
            }

            _claims[partition] = (claim, cancel);
        }
    }

    /// <summary>
    /// A silo that stops, or crashes without releasing its partitions, must not go on retrying claims against a
    /// store client the container has disposed: a retry loop that outlives its host only burns CPU.
    /// </summary>
    public void Dispose()
    {
        _stopping.Cancel();
        lock (_lock)
        {
            foreach (var (_, cancel) in _claims.Values)
            {
                End(cancel);
            }

            _claims.Clear();
        }
    }

    /// <summary>A claim still running when the partition leaves is cancelled: it must not outrank the next owner.</summary>
    public void Release(int partition)
    {
        lock (_lock)
        {
            if (_claims.Remove(partition, out var claim))
            {
                End(claim.Cancel);
            }
        }
    }

    /// <summary>Cancels a claim and frees its source: each one holds a registration on the silo's stop until disposed.</summary>
    private static void End(CancellationTokenSource cancel)
    {
        cancel.Cancel();
        cancel.Dispose();
    }

    /// <summary>
    /// The epoch activations of <paramref name="partition"/> write with: waits for the claim of an assigned
    /// partition; 0 for a partition this silo does not own (its writes lose against any owner's).
    /// </summary>
    public async ValueTask<long> CurrentAsync(int partition, CancellationToken cancellationToken)
    {
        Task<long>? claim;
        lock (_lock)
        {
            claim = _claims.TryGetValue(partition, out var c) ? c.Epoch : null;
        }

        if (claim is null || _abandoned)
        {
            return 0;
        }

        try
        {
            return await claim.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return 0; // released meanwhile: whatever this activation writes now must lose
        }
    }

    private async Task<long> ClaimAsync(int partition, CancellationToken cancellationToken)
    {
        var backoff = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            try
            {
                return await store.ClaimAsync(kafka.Topic, partition, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                log.EpochClaimFailed(partition, backoff, ex);
                await Task.Delay(backoff, time, cancellationToken).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
            }
        }
    }
}
