namespace Fraud.Orleans.Silo.Reviews;

/// <summary>
/// An analyst's verdict on a case, once the case is labelled: what label feedback (the labels topic and table)
/// needs about the transaction, and who said so when.
/// </summary>
public sealed record ReviewLabel(long TransactionId, string CardId, long TerminalId, long EventTimeMs, bool IsFraud, string Analyst, DateTimeOffset LabelledAt);
