using Fraud.Orleans.GrainInterfaces;

namespace Fraud.Orleans.Grains;

/// <summary>
/// One transaction as a card remembers it: enough to place later (or late) transactions in their windows,
/// and to hand back the exact earlier signal when the same transaction id arrives again. Unmanaged, so the
/// state serializer writes it as raw bytes: a change of its fields is a new format there.
/// </summary>
public struct CardEvent
{
    // What later events read from earlier ones (time, amount, terminal, R, Z, running sums) comes first: a scan or
    // a binary search over the state touches one cache line per event, not the whole event.
    public long TransactionId;
    public long EventTimeMs;
    public long AmountMinor;
    public long TerminalId;

    /// <summary>R of this transaction: its amount over the card's mean 7 to 60 days before it (see <see cref="CardPatterns"/>).</summary>
    public double AmountRatio;

    /// <summary>Z of this transaction against the same amounts (Z_7_60).</summary>
    public double AmountZScore;

    /// <summary>
    /// Sums of the amounts and of their squares over the card's events up to and including this one, since the card
    /// was first seen. Wrapping arithmetic: a difference of two is exact whenever the true sum between them fits a long.
    /// </summary>
    public long RunningSumMinor;

    /// <inheritdoc cref="RunningSumMinor"/>
    public long RunningSumSquares;

    public int Count1Day;
    public int Count7Days;
    public int Count30Days;

    /// <summary>This transaction's MAXR14, NBHI7 and MAXZ14 (see <see cref="CardPatterns"/>), kept for a duplicate's reply.</summary>
    public int HighAmounts7Days;

    /// <inheritdoc cref="HighAmounts7Days"/>
    public double MaxRatio14Days;

    /// <inheritdoc cref="HighAmounts7Days"/>
    public double MaxZScore14Days;

    public long SumMinor1Day;
    public long SumMinor7Days;
    public long SumMinor30Days;
    public double SecondsSincePrevious;
    public int Count10Minutes;
    public int Count1Hour;
    public int DistinctTerminals1Day;
    public bool FirstUseOfTerminal;
    public TerminalRisk Terminal;
    public float Score;
    public Decision Decision;
    public ReasonCodes Reasons;

    public readonly CardFeatures ToFeatures() => CardFeatureMath.Compose(
        AmountMinor, EventTimeMs, Count1Day, SumMinor1Day, Count7Days, SumMinor7Days, Count30Days, SumMinor30Days, SecondsSincePrevious);

    public readonly CardPatterns ToPatterns() => new(
        Count10Minutes,
        Count1Hour,
        CardFeatureMath.AmountToEarlierMean(AmountMinor, Count30Days - 1, SumMinor30Days - AmountMinor),
        DistinctTerminals1Day,
        FirstUseOfTerminal,
        MaxRatio14Days,
        HighAmounts7Days,
        MaxZScore14Days,
        AmountZScore);

    public readonly FraudSignal ToSignal(string cardId, string modelVersion) => new(
        TransactionId, cardId, TerminalId, AmountMinor, EventTimeMs, ToFeatures(), Terminal, ToPatterns(), Score, Decision, Reasons, modelVersion);
}
