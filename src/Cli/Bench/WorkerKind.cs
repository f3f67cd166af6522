namespace Fraud.Orleans.Cli.Bench;

/// <summary>The system under test in a bench phase.</summary>
public enum WorkerKind
{
    /// <summary>Our silo, in its own process (<see cref="SiloWorker"/>).</summary>
    Silo,

    /// <summary>The Python sidecar, bench/python-peer/peer.py.</summary>
    Peer,
}
