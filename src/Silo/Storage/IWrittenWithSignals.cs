using Fraud.Orleans.GrainInterfaces;

namespace Fraud.Orleans.Silo.Storage;

/// <summary>
/// A write that belongs to a batch of signals (the review case of a REVIEW or BLOCK decision): the signal writer
/// counts the batch durable, and so lets the checkpoint commit past its offsets, only once this write is too.
/// </summary>
public interface IWrittenWithSignals
{
    /// <summary>
    /// Completes once what <paramref name="signals"/> call for is durable, retrying transient failures, or once
    /// <paramref name="abandoned"/> is set (a simulated crash). Called for every batch: return at once when there is
    /// nothing to write. <paramref name="signals"/> is reused after the returned task completes.
    /// </summary>
    Task WriteAsync(IReadOnlyList<FraudSignal> signals, CancellationToken abandoned);
}
