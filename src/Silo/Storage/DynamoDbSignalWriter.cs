using System.Collections.Concurrent;
using Amazon.DynamoDBv2;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Silo.Pipeline;
using Microsoft.Extensions.Hosting;

namespace Fraud.Orleans.Silo.Storage;

/// <summary>
/// Writes signals with BatchWriteItem (25 items, a few batches in flight), retrying until each is written:
/// puts are idempotent by transaction id, so a retried or replayed signal lands once. Keeps a watermark of
/// the sequence below which every signal is durable, which the checkpoint waits on before offsets commit.
/// A batch that is not full waits up to <see cref="DynamoDbOptions.SignalBatchLinger"/> for more signals, as
/// a Kafka producer lingers: most of a request's cost, in the client and in DynamoDB, is per request, not per item.
/// Each batch reuses its request and item maps (<see cref="SignalBatchRequest"/>) from batch to batch. Writes that
/// belong to a batch (<see cref="IWrittenWithSignals"/>: review cases) go out beside it, and the batch counts as
/// durable once they have landed too.
/// </summary>
public sealed class DynamoDbSignalWriter(
    IAmazonDynamoDB client,
    DynamoDbOptions options,
    IEnumerable<ISignalObserver> observers,
    TimeProvider time,
    StorageMetrics metrics,
    StorageLog log,
    IEnumerable<IWrittenWithSignals>? companions = null) : BackgroundService
{
    private const int BatchSize = SignalBatchRequest.MaxItems;
    private static readonly TimeSpan IdleWait = TimeSpan.FromMilliseconds(100);

    private readonly ISignalObserver[] _observers = observers.ToArray();
    private readonly IWrittenWithSignals[] _companions = companions?.ToArray() ?? [];
    private readonly CancellationTokenSource _abandon = new();
    private readonly Lock _lock = new();
    private readonly Queue<QueuedSignal> _queue = new();
    private readonly SortedSet<long> _inFlightFirstSequences = [];
    private readonly List<(long Sequence, TaskCompletionSource Done)> _flushWaiters = [];
    private readonly SemaphoreSlim _wake = new(0);
    private readonly ConcurrentBag<InFlightBatch> _batches = []; // reused: a batch's lists, request and item maps
    private long _lastEnqueued;
    private long _lastTaken;
    private long _durableWatermark;
    private int _sleeping;
    private volatile bool _abandoned;

    public int Pending
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    public void Enqueue(in FraudSignal signal, long traceTimeMs)
    {
        if (_abandoned)
        {
            return;
        }

        bool wake;
        lock (_lock)
        {
            _queue.Enqueue(new QueuedSignal(signal, traceTimeMs, ++_lastEnqueued, time.GetTimestamp()));

            // The writer sleeps until the oldest signal's linger is over; only a first or a batch-filling signal changes that.
            wake = _queue.Count is 1 or BatchSize;
        }

        if (wake)
        {
            WakeWriter();
        }
    }

    private void WakeWriter()
    {
        if (Interlocked.Exchange(ref _sleeping, 0) == 1)
        {
            _wake.Release();
        }
    }

    /// <summary>Crash simulation: signals not yet sent are lost, as with a dead process (batches in flight may still land).</summary>
    public void Abandon()
    {
        _abandoned = true;
        _abandon.Cancel();
        lock (_lock)
        {
            _queue.Clear();
        }

        _wake.Release();
    }

    /// <summary>Completes once every signal enqueued before the call is durable.</summary>
    public Task FlushAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_durableWatermark >= _lastEnqueued)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _flushWaiters.Add((_lastEnqueued, done));
            WakeWriter(); // a flush does not linger
            return done.Task.WaitAsync(cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var slots = new SemaphoreSlim(options.MaxConcurrentSignalBatches);
        while (true)
        {
            await slots.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            Volatile.Write(ref _sleeping, 1);
            var batch = TakeBatch(stoppingToken.IsCancellationRequested, out var linger);
            if (batch is null)
            {
                slots.Release();
                if (Pending == 0 && (stoppingToken.IsCancellationRequested || _abandoned))
                {
                    break;
                }

                if (linger > TimeSpan.Zero)
                {
                    try
                    {
                        await _wake.WaitAsync(linger, stoppingToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        // Drain what is queued, then stop.
                    }
                }

                continue;
            }

            Volatile.Write(ref _sleeping, 0);
            _ = WriteAsync(batch, slots, stoppingToken);
        }

        // Let the last batches land: they carry signals whose offsets may not be committed yet.
        for (var i = 0; i < options.MaxConcurrentSignalBatches; i++)
        {
            await slots.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>The next batch, or null and how long to wait: nothing queued, or too few signals lingering too briefly.</summary>
    private InFlightBatch? TakeBatch(bool stopping, out TimeSpan wait)
    {
        lock (_lock)
        {
            wait = IdleWait;
            if (_queue.Count == 0)
            {
                return null;
            }

            if (_queue.Count < BatchSize && !stopping && !_abandoned && _flushWaiters.Count == 0)
            {
                var lingered = time.GetElapsedTime(_queue.Peek().EnqueuedAt);
                if (lingered < options.SignalBatchLinger)
                {
                    wait = options.SignalBatchLinger - lingered;
                    return null;
                }
            }

            wait = TimeSpan.Zero;

            var batch = _batches.TryTake(out var reused) ? reused : new InFlightBatch(options.SignalTable);
            while (batch.Queued.Count < BatchSize && _queue.TryDequeue(out var next))
            {
                batch.Queued.Add(next);
            }

            _inFlightFirstSequences.Add(batch.Queued[0].Sequence);
            _lastTaken = batch.Queued[^1].Sequence;
            return batch;
        }
    }

    private async Task WriteAsync(InFlightBatch batch, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        try
        {
            var request = batch.Request;
            var distinct = batch.TakeDistinct();
            request.Prepare(distinct);
            var beside = WriteCompanionsAsync(distinct);
            var backoff = TimeSpan.FromMilliseconds(20);
            while (request.Remaining > 0 && !_abandoned)
            {
                try
                {
                    var response = await client.BatchWriteItemAsync(request.Request, CancellationToken.None).ConfigureAwait(false);
                    var unprocessed = request.KeepUnprocessed(response);
                    if (unprocessed == 0)
                    {
                        break;
                    }

                    metrics.UnprocessedItems(unprocessed, backoff);
                }
                catch (Exception ex) when (TransientStorageErrors.Match(ex))
                {
                    log.SignalBatchFailed(batch.Queued.Count, backoff, ex);
                    metrics.SignalBatchRetried(ex, backoff);
                }

                await Task.Delay(backoff, time, CancellationToken.None).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, options.MaxRetryBackoff.Ticks));
            }

            await beside.ConfigureAwait(false);
            Completed(batch.Queued);
            batch.Queued.Clear();
            _batches.Add(batch);
        }
        finally
        {
            slots.Release();
        }
    }

    private Task WriteCompanionsAsync(List<FraudSignal> signals) => _companions.Length switch
    {
        0 => Task.CompletedTask,
        1 => _companions[0].WriteAsync(signals, _abandon.Token),
        _ => Task.WhenAll(_companions.Select(c => c.WriteAsync(signals, _abandon.Token))),
    };

    private void Completed(List<QueuedSignal> batch)
    {
        foreach (var pending in batch)
        {
            foreach (var observer in _observers)
            {
                observer.OnDurable(pending.Signal, pending.TraceTimeMs);
            }
        }

        List<TaskCompletionSource>? release = null;
        lock (_lock)
        {
            _inFlightFirstSequences.Remove(batch[0].Sequence);
            _durableWatermark = _inFlightFirstSequences.Count > 0 ? _inFlightFirstSequences.Min - 1 : _lastTaken;
            for (var i = _flushWaiters.Count - 1; i >= 0; i--)
            {
                if (_flushWaiters[i].Sequence <= _durableWatermark)
                {
                    (release ??= []).Add(_flushWaiters[i].Done);
                    _flushWaiters.RemoveAt(i);
                }
            }
        }

        release?.ForEach(done => done.TrySetResult());
    }

    private readonly record struct QueuedSignal(FraudSignal Signal, long TraceTimeMs, long Sequence, long EnqueuedAt);

    /// <summary>A batch on its way to DynamoDB, with the lists and the request it reuses from batch to batch.</summary>
    private sealed class InFlightBatch(string table)
    {
        private readonly List<FraudSignal> _distinct = new(BatchSize);

        public List<QueuedSignal> Queued { get; } = new(BatchSize);

        public SignalBatchRequest Request { get; } = new(table);

        /// <summary>One batch may not name a key twice; a re-sent duplicate carries the same signal, so keep the last.</summary>
        public List<FraudSignal> TakeDistinct()
        {
            _distinct.Clear();
            for (var i = Queued.Count - 1; i >= 0; i--)
            {
                var id = Queued[i].Signal.TransactionId;
                var seen = false;
                foreach (var kept in _distinct)
                {
                    seen |= kept.TransactionId == id;
                }

                if (!seen)
                {
                    _distinct.Add(Queued[i].Signal);
                }
            }

            return _distinct;
        }
    }
}
