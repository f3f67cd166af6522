namespace Fraud.Orleans.Cli.Bench;

/// <summary>A silo worker the bench killed with SIGKILL mid-run: which, when, and the partitions its last status line said it owned.</summary>
public sealed record SiloKill(string Silo, int Pid, double AtSeconds, long UnixMs, IReadOnlyList<int> Partitions);
