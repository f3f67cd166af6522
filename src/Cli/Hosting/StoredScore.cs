namespace Fraud.Orleans.Cli.Hosting;

/// <summary>What the signal table holds of one transaction for offline evaluation: its score and decision (as stored, e.g. APPROVE).</summary>
public readonly record struct StoredScore(long TransactionId, double Score, string Decision);
