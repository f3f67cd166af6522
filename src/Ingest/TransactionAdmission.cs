using Fraud.Orleans.GrainInterfaces;

namespace Fraud.Orleans.Ingest;

/// <summary>
/// What a well-formed transaction must also be to be scored: the codec reads any date-time of years 1..9999 (the
/// format), this is the policy (docs/wire-format.md): nothing before the Unix epoch, nothing ahead of the clock.
/// </summary>
public static class TransactionAdmission
{
    /// <summary>Null when the transaction may be scored; otherwise a short, constant reason.</summary>
    public static string? Check(in Transaction transaction, long nowMs, TimeSpan maxAhead)
    {
        if (transaction.EventTimeMs < 0)
        {
            return "eventTime out of range: before 1970-01-01T00:00:00Z";
        }

        return transaction.EventTimeMs - nowMs > (long)maxAhead.TotalMilliseconds
            ? "eventTime out of range: ahead of the silo's clock by more than Kafka:MaxEventTimeAhead"
            : null;
    }
}
