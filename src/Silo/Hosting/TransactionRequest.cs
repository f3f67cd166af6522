using Fraud.Orleans.GrainInterfaces;

namespace Fraud.Orleans.Silo.Hosting;

/// <summary>The body of <c>POST /v1/score</c>: one transaction, amounts in minor units, event time in Unix milliseconds.</summary>
public sealed record TransactionRequest(long? TransactionId, string? CardId, long? TerminalId, long? AmountMinor, long? EventTimeMs)
{
    public const string CardIdRule = "cardId must be 1..64 characters";

    public static bool IsValidCardId(string? cardId) => !string.IsNullOrWhiteSpace(cardId) && cardId.Length <= 64;

    /// <summary>The transaction, or every problem of the body at once by field (the <c>errors</c> of an RFC 7807 validation problem).</summary>
    public bool TryGetTransaction(out Transaction transaction, out Dictionary<string, string[]> errors)
    {
        errors = [];
        if (TransactionId is not > 0)
        {
            errors["transactionId"] = ["transactionId must be a positive integer"];
        }

        if (!IsValidCardId(CardId))
        {
            errors["cardId"] = [CardIdRule];
        }

        if (TerminalId is not >= 0)
        {
            errors["terminalId"] = ["terminalId must be a non-negative integer"];
        }

        if (AmountMinor is not >= 0)
        {
            errors["amountMinor"] = ["amountMinor must be a non-negative integer (cents)"];
        }

        if (EventTimeMs is not > 0)
        {
            errors["eventTimeMs"] = ["eventTimeMs must be a positive Unix time in milliseconds"];
        }

        if (errors.Count > 0)
        {
            transaction = default;
            return false;
        }

        transaction = new Transaction(TransactionId!.Value, CardId!, TerminalId!.Value, AmountMinor!.Value, EventTimeMs!.Value);
        return true;
    }
}
