using System.Runtime.CompilerServices;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Model;
using Fraud.Orleans.Silo.Runtime;
using Fraud.Orleans.Silo.Storage;

namespace Fraud.Orleans.Silo.Pipeline;

/// <summary>Decides a transaction in its card's grain and queues the signal for DynamoDB.</summary>
public sealed class CardTransactionProcessor(
    GrainRuntime grains, ScoreBatcher scorer, DynamoDbSignalWriter signals, IEnumerable<ISignalObserver> observers)
    : ITransactionProcessor
{
    private readonly ISignalObserver[] _observers = observers.ToArray();

    public int Backlog => signals.Pending;

    public ValueTask ProcessAsync(Transaction transaction, int partition, long traceTimeMs)
    {
        var decided = grains.ScoreAsync(transaction, partition);
        if (decided.IsCompletedSuccessfully)
        {
            Emit(decided.Result, traceTimeMs);
            return ValueTask.CompletedTask;
        }

        return EmitWhenDecided(decided, traceTimeMs);
    }

    public void BeginBurst() => scorer.Open();

    public void EndBurst() => scorer.Close();

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask EmitWhenDecided(ValueTask<FraudSignal> decided, long traceTimeMs) =>
        Emit(await decided.ConfigureAwait(false), traceTimeMs);

    private void Emit(in FraudSignal signal, long traceTimeMs)
    {
        foreach (var observer in _observers)
        {
            observer.OnDecided(signal, traceTimeMs);
        }

        signals.Enqueue(signal, traceTimeMs);
    }
}
