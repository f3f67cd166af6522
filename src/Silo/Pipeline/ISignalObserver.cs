using Fraud.Orleans.GrainInterfaces;

namespace Fraud.Orleans.Silo.Pipeline;

/// <summary>
/// Sees every signal when it is decided and when it is durable, with the trace time the transaction
/// carried in (the Kafka record's timestamp), for live figures and benchmarks. Called on hot paths: be quick.
/// </summary>
public interface ISignalObserver
{
    void OnDecided(in FraudSignal signal, long traceTimeMs);

    void OnDurable(in FraudSignal signal, long traceTimeMs);
}
