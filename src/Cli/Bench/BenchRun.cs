namespace Fraud.Orleans.Cli.Bench;

/// <summary>One run of a fixed-rate bench: the silo's phase and, unless --peer off, the peer's right after it.</summary>
public sealed record BenchRun(PhaseResult Silo, PhaseResult? Peer);
