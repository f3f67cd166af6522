using Fraud.Orleans.GrainInterfaces;

namespace Fraud.Orleans.Grains;

/// <summary>
/// One transaction as a card remembers it: enough to place later (or late) transactions in their windows,
/// and to hand back the exact earlier signal when the same transaction id arrives again. Unmanaged, so the
/// state serializer writes it as raw bytes.
/// </summary>
public struct CardEvent
{
    public long TransactionId;
    public long EventTimeMs;
    public long AmountMinor;
    public long TerminalId;
    public int Count1Day;
    public int Count7Days;
    public int Count30Days;
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
        FirstUseOfTerminal);

    public readonly FraudSignal ToSignal(string cardId, string modelVersion) => new(
        TransactionId, cardId, TerminalId, AmountMinor, EventTimeMs, ToFeatures(), Terminal, ToPatterns(), Score, Decision, Reasons, modelVersion);
}
