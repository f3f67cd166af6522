namespace Fraud.Orleans.Cli.Hosting;

/// <summary>
/// What the signal table holds of one transaction for offline evaluation: its score and decision (as stored, e.g.
/// APPROVE), and the challenger's score where one was scored in shadow.
/// </summary>
public readonly record struct StoredScore(long TransactionId, double Score, string Decision, double? ChallengerScore = null);
