using Fraud.Orleans.GrainInterfaces;
using Orleans;

namespace Fraud.Orleans.Benchmarks;

/// <summary>A grain that answers with a signal made ahead: what is left of a call is Orleans' own cost.</summary>
[Alias("fraud.bench.IEchoGrain")]
public interface IEchoGrain : IGrainWithStringKey
{
    [Alias("echo")]
    ValueTask<FraudSignal> EchoAsync(Transaction transaction, long ownerEpoch);
}

public sealed class EchoGrain : Grain, IEchoGrain
{
    public ValueTask<FraudSignal> EchoAsync(Transaction transaction, long ownerEpoch) => ValueTask.FromResult(Echo.SignalOf(transaction));
}

/// <summary>The same answer without Orleans.</summary>
public static class Echo
{
    public static FraudSignal SignalOf(in Transaction transaction) => new(
        transaction.TransactionId, transaction.CardId, transaction.TerminalId, transaction.AmountMinor, transaction.EventTimeMs,
        default, TerminalRisk.None, default, 0.01f, Decision.Approve, ReasonCodes.None, "bench");
}
