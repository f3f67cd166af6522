namespace Fraud.Orleans.Cli.Bench;

/// <summary>
/// What a worker measured of one transaction: its scheduled send time and, from it, the microseconds until it
/// was decided and until its signal was acknowledged by DynamoDB (−1: never), and how often it was decided.
/// </summary>
public readonly record struct LatencyRow(long TransactionId, long TraceMs, long DecidedUs, long DurableUs, long DecidedCount);
