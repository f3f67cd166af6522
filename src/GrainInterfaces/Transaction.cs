using Orleans;

namespace Fraud.Orleans.GrainInterfaces;

/// <summary>
/// A card transaction as the ingest gateway hands it to its card's grain.
/// Amounts are in minor units (cents) so that rolling sums stay exact; event time is when the
/// transaction happened (Unix milliseconds, UTC), never when we received it.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("fraud.Transaction")]
public readonly record struct Transaction(
    long TransactionId,
    string CardId,
    long TerminalId,
    long AmountMinor,
    long EventTimeMs)
{
    public decimal Amount => AmountMinor / 100m;

    public DateTimeOffset EventTime => DateTimeOffset.FromUnixTimeMilliseconds(EventTimeMs);
}
