using Fraud.Orleans.GrainInterfaces;

namespace Fraud.Orleans.Silo.Hosting;

/// <summary>The body of <c>POST /v1/score</c>: one transaction, amounts in minor units, event time in Unix milliseconds.</summary>
public sealed record TransactionRequest(long? TransactionId, string? CardId, long? TerminalId, long? AmountMinor, long? EventTimeMs)
{
    public const string CardIdRule = "cardId must be 1..64 characters";

    public static bool IsValidCardId(string? cardId) => !string.IsNullOrWhiteSpace(cardId) && cardId.Length <= 64;

    /// <summary>Every problem of the body at once, or the transaction.</summary>
    public bool TryGetTransaction(out Transaction transaction, out string? error)
    {
        var problems = new List<string>();
        if (TransactionId is not > 0)
        {
            problems.Add("transactionId must be a positive integer");
        }

        if (!IsValidCardId(CardId))
        {
            problems.Add(CardIdRule);
        }

        if (TerminalId is not >= 0)
        {
            problems.Add("terminalId must be a non-negative integer");
        }

        if (AmountMinor is not >= 0)
        {
            problems.Add("amountMinor must be a non-negative integer (cents)");
        }

        if (EventTimeMs is not > 0)
        {
            problems.Add("eventTimeMs must be a positive Unix time in milliseconds");
        }

        if (problems.Count > 0)
        {
            transaction = default;
            error = string.Join("; ", problems);
            return false;
        }

        transaction = new Transaction(TransactionId!.Value, CardId!, TerminalId!.Value, AmountMinor!.Value, EventTimeMs!.Value);
        error = null;
        return true;
    }
}
