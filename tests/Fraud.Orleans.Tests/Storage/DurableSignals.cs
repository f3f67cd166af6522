using System.Collections.Concurrent;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Silo.Pipeline;

namespace Fraud.Orleans.Tests.Storage;

/// <summary>The transaction ids the signal writer reported durable, in any order, repeats included.</summary>
public sealed class DurableSignals : ISignalObserver
{
    public ConcurrentBag<long> Ids { get; } = [];

    public void OnDecided(in FraudSignal signal, long traceTimeMs)
    {
    }

    public void OnDurable(in FraudSignal signal, long traceTimeMs) => Ids.Add(signal.TransactionId);
}
