using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Grains;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Silo.Cards;
using Fraud.Orleans.Silo.Storage;
using Orleans;
using Orleans.Runtime;

namespace Fraud.Orleans.Silo.Pipeline;

/// <summary>
/// Decides a transaction in its card's grain, with this silo's ownership epoch of the record's partition, and
/// queues the signal for DynamoDB. A card caught moving (rebalance, failover) is asked again while the partition
/// is still this silo's; once it is not, the record is the next owner's. Orleans does not keep two calls to one
/// grain in the order they were made (each resolves its activation on its own), and a card's features depend on
/// the order its transactions arrive in, so a card's next call goes out only once the previous one is answered.
/// </summary>
public sealed class CardTransactionProcessor(
    CardGrainReferences cards,
    PartitionEpochs epochs,
    PartitionMap partitions,
    DynamoDbSignalWriter signals,
    IEnumerable<ISignalObserver> observers,
    TimeProvider time,
    GrainCallMetrics calls,
    CardHostLog log)
    : ITransactionProcessor
{
    private readonly ISignalObserver[] _observers = observers.ToArray();
    private readonly Dictionary<string, Task> _lastCallOfCard = new(StringComparer.Ordinal);
    private readonly Lock _lastCallLock = new();

    public int Backlog => signals.Pending;

    public ValueTask ProcessAsync(Transaction transaction, int partition, long traceTimeMs)
    {
        Task? previous;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lastCallLock)
        {
            _lastCallOfCard.TryGetValue(transaction.CardId, out previous);
            _lastCallOfCard[transaction.CardId] = done.Task;
        }

        return new ValueTask(DecideInOrderAsync(previous, done, transaction, partition, traceTimeMs));
    }

    private async Task DecideInOrderAsync(Task? previous, TaskCompletionSource done, Transaction transaction, int partition, long traceTimeMs)
    {
        try
        {
            if (previous is not null)
            {
                await previous.ConfigureAwait(false); // completes, never faults: the previous call's own outcome went to its record
            }

            await DecideAsync(transaction, partition, traceTimeMs).ConfigureAwait(false);
        }
        finally
        {
            lock (_lastCallLock)
            {
                if (_lastCallOfCard.TryGetValue(transaction.CardId, out var last) && ReferenceEquals(last, done.Task))
                {
                    _lastCallOfCard.Remove(transaction.CardId);
                }
            }

            done.SetResult();
        }
    }

    private async Task DecideAsync(Transaction transaction, int partition, long traceTimeMs)
    {
        var backoff = TimeSpan.FromMilliseconds(10);
        for (var attempt = 1; ; attempt++)
        {
            // The gateway hands a partition's records over once its claim is in (CardPartitionLifecycle.OnAssigned):
            // no epoch now means the partition left this silo.
            var epoch = epochs.Current(partition);
            if (epoch == 0)
            {
                throw new CardMovedException(transaction.CardId, 0, 0);
            }

            calls.OnCall();
            try
            {
                var signal = await cards.Scoring(transaction.CardId).ScoreAsync(transaction, epoch).ConfigureAwait(false);
                Emit(signal, traceTimeMs);
                return;
            }
            catch (Exception ex) when (IsMove(ex) && partitions.Owns(partition) && epochs.Current(partition) > 0)
            {
                if (ex is SiloUnavailableException)
                {
                    calls.OnRemote(); // addressed to a silo that is gone; a call that reached another silo's activation is counted there
                }

                log.CardMoved(transaction.CardId, attempt, ex);
                await Task.Delay(backoff, time).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(1).Ticks));
            }
        }
    }

    /// <summary>
    /// The card or its silo is in motion, or its state cannot be read right now (storage retries exhausted while an
    /// activation loads), or the call waited past Orleans' response timeout (an overloaded silo: Orleans then cancels
    /// the message, "expired before placement could complete", an <see cref="OperationCanceledException"/>): not the
    /// transaction's fault, so not a dead letter. What the grain's own code throws is.
    /// </summary>
    private static bool IsMove(Exception ex) =>
        ex is CardMovedException or OrleansException or TimeoutException or Amazon.Runtime.AmazonServiceException
            or Amazon.Runtime.AmazonClientException or HttpRequestException or IOException or OperationCanceledException
            or Fraud.Orleans.Storage.DynamoDB.DynamoDBTableMissingException;

    private void Emit(in FraudSignal signal, long traceTimeMs)
    {
        foreach (var observer in _observers)
        {
            observer.OnDecided(signal, traceTimeMs);
        }

        signals.Enqueue(signal, traceTimeMs);
    }
}
