namespace Fraud.Orleans.Ingest.Labels;

/// <summary>
/// A confirmed fraud (chargeback, analyst confirmation) on a transaction; <paramref name="EventTimeMs"/> is the
/// transaction's own event time (Unix milliseconds, UTC), not when the label arrived.
/// </summary>
public readonly record struct FraudLabel(long TransactionId, long TerminalId, long EventTimeMs);
