using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Silo.Cards;
using Fraud.Orleans.Silo.Hosting;
using Fraud.Orleans.Silo.Storage;
using Microsoft.Extensions.Hosting;
using Orleans;

namespace Fraud.Orleans.Silo.Pipeline;

/// <summary>
/// The durability cycle: capture the decided offsets, ask every card grain changed since the last cycle to write
/// its state (conditional on its ETag and its partition's ownership epoch), wait until every signal queued so far is
/// written, then commit the captured offsets. A crash replays at most one cycle of records, which the grains
/// recognise as already counted. A fenced write means another silo owns that partition: it is dropped and
/// its offsets are left out of the commit.
/// </summary>
/// <remarks>The gateway waits on this coordinator on revocation, and this coordinator reads the gateway's offsets, so one side is bound late.</remarks>
public sealed class CheckpointCoordinator(
    Lazy<IIngestOffsets> ingestOffsets,
    Lazy<IPartitionFence> fence,
    CardActivations cards,
    CardGrainReferences grains,
    DynamoDbSignalWriter signals,
    SiloOptions options,
    DynamoDbOptions storage,
    TimeProvider time,
    CheckpointMetrics metrics,
    StorageMetrics storageMetrics,
    CardHostLog log) : BackgroundService, IDurabilityBarrier
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly ManualResetEventSlim _running = new(initialState: true);
    private volatile bool _abandoned;
    private long _fenced;
    private CancellationTokenSource? _pacing;
    private int _urgent;

    private IIngestOffsets Ingest => ingestOffsets.Value;

    /// <summary>Grain state writes refused because another silo owns the grain's partition now.</summary>
    public long FencedWrites => Interlocked.Read(ref _fenced);

    /// <summary>Unpaced: a revocation or a stop waits on it, and hurries a paced periodic cycle under way.</summary>
    public async Task MakeDurableAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _urgent);
        try
        {
            HurryPacing();
            await MakeDurableAsync(paced: false, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _urgent);
        }
    }

    private void HurryPacing()
    {
        try
        {
            Volatile.Read(ref _pacing)?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // That cycle is over already.
        }
    }

    private async Task MakeDurableAsync(bool paced, CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_abandoned)
            {
                return;
            }

            var started = time.GetTimestamp();
            var decided = Ingest.CaptureDecided();
            var (written, fenced) = await WriteDirtyStatesAsync(paced, cancellationToken).ConfigureAwait(false);
            await signals.FlushAsync(cancellationToken).ConfigureAwait(false);
            foreach (var partition in fenced)
            {
                // Another silo owns these grains now: what we decided for their partition is not ours to commit.
                fence.Value.Drop(partition);
            }

            if (_abandoned)
            {
                return;
            }

            var committable = fenced.Count == 0 ? decided : decided.Where(d => !fenced.Contains(d.Partition)).ToList();
            Ingest.CommitDurable(committable);
            log.Checkpointed(written, committable.Count);
            metrics.Completed(written, time.GetElapsedTime(started));
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>Crash simulation: from now on nothing is written or committed, as if the process had died.</summary>
    public void Abandon()
    {
        _abandoned = true;
        _running.Set();
    }

    /// <summary>Fault injection: holds the periodic cycle, as a stalled process would.</summary>
    public void Stall() => _running.Reset();

    public void Resume() => _running.Set();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.CheckpointInterval, time);
        var backoff = options.CheckpointInterval;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false) && !_abandoned)
            {
                if (!_running.IsSet)
                {
                    await Task.Run(() => _running.Wait(stoppingToken), stoppingToken).ConfigureAwait(false);
                }

                try
                {
                    await MakeDurableAsync(paced: true, stoppingToken).ConfigureAwait(false);
                    backoff = options.CheckpointInterval;
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    log.CheckpointFailed(backoff, ex);
                    metrics.Failed();
                    await Task.Delay(backoff, time, stoppingToken).ConfigureAwait(false);
                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, storage.MaxRetryBackoff.Ticks * 4));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the gateway makes a last checkpoint itself before it leaves the group.
        }
    }

    private async Task<(int Written, HashSet<int> FencedPartitions)> WriteDirtyStatesAsync(bool paced, CancellationToken cancellationToken)
    {
        var activations = cards.DrainDirty();
        var fenced = new HashSet<int>();
        if (activations.Count == 0)
        {
            return (0, fenced);
        }

        using var pacing = new CancellationTokenSource();
        Volatile.Write(ref _pacing, pacing);
        if (!paced || Volatile.Read(ref _urgent) > 0)
        {
            pacing.Cancel(); // someone waits for this checkpoint to end: no spreading
        }

        var pacer = new StateWritePacer(time, options.CheckpointInterval * options.CheckpointSpread, activations.Count, pacing.Token);
        try
        {
            await Parallel.ForEachAsync(
                activations,
                new ParallelOptions { MaxDegreeOfParallelism = storage.MaxConcurrentStateWrites, CancellationToken = cancellationToken },
                async (cardId, ct) =>
                {
                    await pacer.WaitTurnAsync(ct).ConfigureAwait(false);
                    if (!await CheckpointAsync(cardId, ct).ConfigureAwait(false))
                    {
                        lock (fenced)
                        {
                            fenced.Add(cards.PartitionOf(cardId));
                        }
                    }
                }).ConfigureAwait(false);
        }
        catch
        {
            // Whatever was not written is still dirty (a grain that wrote reports clean): queue it again for the next attempt.
            cards.Requeue(activations);
            throw;
        }
        finally
        {
            Volatile.Write(ref _pacing, null);
        }

        return (activations.Count, fenced);
    }

    /// <summary>
    /// False when the card's changes can no longer be written by this silo: its write was fenced, or its activation
    /// went away with changes unwritten while the partition is still this silo's (a caller at a newer epoch moved
    /// it: this silo is a zombie). Either way its partition's offsets must not be committed from here. An activation
    /// that went away after writing its changes (Orleans deactivated it) is durable.
    /// </summary>
    private async Task<bool> CheckpointAsync(string cardId, CancellationToken cancellationToken)
    {
        var backoff = TimeSpan.FromMilliseconds(20);
        while (!_abandoned)
        {
            if (!cards.IsActive(cardId))
            {
                return !cards.TakeLost(cardId) || !cards.IsOwnedHere(cardId) || Fenced(cardId, "its activation left this silo with changes unwritten");
            }

            try
            {
                var outcome = await grains.Control(cardId).CheckpointAsync().AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
                return outcome != CheckpointOutcome.Fenced || Fenced(cardId, "a newer owner wrote its state");
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                log.StateWriteFailed(cardId, backoff, ex);
                storageMetrics.StateWriteRetried(ex, backoff);
                await Task.Delay(backoff, time, cancellationToken).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, storage.MaxRetryBackoff.Ticks));
            }
        }

        return true;
    }

    /// <summary>Counts a card whose changes another owner superseded; always false, for the caller's return.</summary>
    private bool Fenced(string cardId, string why)
    {
        Interlocked.Increment(ref _fenced);
        metrics.Fenced();
        log.Fenced(cardId, why);
        return false;
    }
}
