using Fraud.Orleans.GrainInterfaces;

namespace Fraud.Orleans.Ingest;

/// <summary>What the gateway hands each valid transaction to: the silo's grains and signal storage.</summary>
public interface ITransactionProcessor
{
    /// <summary>
    /// Completes once the transaction is decided and its signal and state changes are queued for durable
    /// storage. <paramref name="partition"/> is the record's partition (its grain lives with it);
    /// <paramref name="traceTimeMs"/> is the record's timestamp, carried along for latency figures.
    /// </summary>
    ValueTask ProcessAsync(Transaction transaction, int partition, long traceTimeMs);

    /// <summary>Signals queued but not yet durable; the gateway stops fetching while it is too high.</summary>
    int Backlog { get; }
}
