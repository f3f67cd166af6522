using Orleans;

namespace Fraud.Orleans.GrainInterfaces;

/// <summary>
/// A card transaction as the ingest gateway hands it to its card's grain.
/// Amounts are in minor units (cents) so that rolling sums stay exact; event time is when the
/// transaction happened (Unix milliseconds, UTC), never when we received it. The merchant category code
/// (ISO 18245, 0..9999) comes with records of schema version 2 and later; null when the producer did not send it.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("fraud.Transaction")]
public readonly record struct Transaction(
    long TransactionId,
    string CardId,
    long TerminalId,
    long AmountMinor,
    long EventTimeMs,
    short? MerchantCategoryCode = null)
{
    public decimal Amount => AmountMinor / 100m;

    public DateTimeOffset EventTime => DateTimeOffset.FromUnixTimeMilliseconds(EventTimeMs);
}
