using Fraud.Orleans.Model.Explanations;

namespace Fraud.Orleans.Silo.Reviews;

/// <summary>
/// A review case as the API shows it: the transaction, its score, decision and reason codes at decision time, the
/// explanation of its score (the largest feature contributions, when the case is opened by id; null in lists, and when the model that decided it is no longer loaded), and where the case stands (<c>open</c>, or <c>labelled</c> with the label, the analyst's key name and when).
/// </summary>
public sealed record ReviewCase(
    long TransactionId,
    string CardId,
    long TerminalId,
    decimal Amount,
    string EventTime,
    double Score,
    string Decision,
    IReadOnlyList<string> Reasons,
    Explanation? Explanation,
    string ModelVersion,
    string Status,
    string OpenedAt,
    string? Label,
    string? LabelledBy,
    string? LabelledAt);
