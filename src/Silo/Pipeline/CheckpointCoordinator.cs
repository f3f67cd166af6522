using Fraud.Orleans.Ingest;
using Fraud.Orleans.Silo.Hosting;
using Fraud.Orleans.Silo.Runtime;
using Fraud.Orleans.Silo.Storage;
using Microsoft.Extensions.Hosting;

namespace Fraud.Orleans.Silo.Pipeline;

/// <summary>
/// The durability cycle: capture the decided offsets, write every grain state changed since the last cycle
/// (conditional on its ETag), wait until every signal queued so far is written, then commit the captured
/// offsets. A crash replays at most one cycle of records, which the grains recognise as already counted.
/// </summary>
/// <remarks>The gateway waits on this coordinator on revocation, and this coordinator reads the gateway's offsets, so one side is bound late.</remarks>
public sealed class CheckpointCoordinator(
    Lazy<IIngestOffsets> ingestOffsets,
    CheckpointQueue dirty,
    IGrainStateStore store,
    DynamoDbSignalWriter signals,
    SiloOptions options,
    DynamoDbOptions storage,
    TimeProvider time,
    RuntimeLog log) : BackgroundService, IDurabilityBarrier
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private IIngestOffsets Ingest => ingestOffsets.Value;
    public async Task MakeDurableAsync(CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var decided = Ingest.CaptureDecided();
            var (written, fenced) = await WriteDirtyStatesAsync(cancellationToken).ConfigureAwait(false);
            await signals.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (fenced > 0)
            {
                // Another silo owns some of these grains now: what we decided for them is not ours to commit.
                throw new InvalidOperationException($"{fenced} grain(s) were fenced; offsets of this cycle are not committed.");
            }

            Ingest.CommitDurable(decided);
            log.Checkpointed(written, decided.Count);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.CheckpointInterval, time);
        var backoff = options.CheckpointInterval;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await MakeDurableAsync(stoppingToken).ConfigureAwait(false);
                    backoff = options.CheckpointInterval;
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    log.CheckpointFailed(backoff, ex);
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

    private async Task<(int Written, int Fenced)> WriteDirtyStatesAsync(CancellationToken cancellationToken)
    {
        var activations = dirty.DrainAll();
        if (activations.Count == 0)
        {
            return (0, 0);
        }

        var fenced = 0;

        try
        {
            await Parallel.ForEachAsync(
                activations,
                new ParallelOptions { MaxDegreeOfParallelism = storage.MaxConcurrentStateWrites, CancellationToken = cancellationToken },
                async (activation, ct) =>
                {
                    if (!await CheckpointAsync(activation, ct).ConfigureAwait(false))
                    {
                        Interlocked.Increment(ref fenced);
                    }
                }).ConfigureAwait(false);
        }
        catch
        {
            // Whatever was not written is still dirty: queue it again for the next attempt.
            foreach (var activation in activations)
            {
                dirty.Enqueue(activation);
            }

            throw;
        }

        return (activations.Count, fenced);
    }

    /// <summary>False when the activation was fenced.</summary>
    private async Task<bool> CheckpointAsync(ICheckpointable activation, CancellationToken cancellationToken)
    {
        var snapshot = await activation.SnapshotAsync(cancellationToken).ConfigureAwait(false);
        if (snapshot is null)
        {
            return true;
        }

        var backoff = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            try
            {
                var etag = await store.WriteAsync(activation.GrainType, activation.Key, snapshot.Data, snapshot.ExpectedEtag, cancellationToken).ConfigureAwait(false);
                activation.OnCheckpointed(snapshot, etag);
                return true;
            }
            catch (GrainStateFencedException)
            {
                log.Fenced(activation.GrainType, activation.Key);
                activation.OnFenced();
                return false;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                log.StateWriteFailed(activation.GrainType, activation.Key, backoff, ex);
                await Task.Delay(backoff, time, cancellationToken).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, storage.MaxRetryBackoff.Ticks));
            }
        }
    }
}
