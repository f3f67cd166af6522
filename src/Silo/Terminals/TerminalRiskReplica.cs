using System.Collections.Concurrent;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Grains;
using Fraud.Orleans.Grains.Terminals;
using Fraud.Orleans.Ingest.Terminals;

namespace Fraud.Orleans.Silo.Terminals;

/// <summary>
/// This silo's replica of every terminal grain, fed by the terminal feed and read by the card grains.
/// Each terminal grain takes one call at a time (its lock), as a grain takes one turn at a time; a replica
/// per silo makes the read a local call, and the feed rebuilds it from Kafka on start.
/// </summary>
public sealed class TerminalRiskReplica(TerminalRiskOptions options, CardGrainOptions cards) : ITerminalRiskSource, ITerminalActivitySink
{
    private readonly ConcurrentDictionary<long, TerminalGrain> _terminals = new();
    private readonly Func<long, TerminalGrain> _create = id => new TerminalGrain(id, options, cards.AllowedLateness);

    private long _beyondRetention;

    public int Terminals => _terminals.Count;

    /// <summary>Risks read for a transaction scored further behind the feed than <see cref="TerminalRiskOptions.MaxScoringLag"/>: possibly incomplete.</summary>
    public long ReadsBeyondRetention => Volatile.Read(ref _beyondRetention);

    public TerminalRisk GetRisk(long terminalId, long eventTimeMs)
    {
        if (!_terminals.TryGetValue(terminalId, out var terminal))
        {
            return TerminalRisk.None;
        }

        lock (terminal)
        {
            if (!terminal.Covers(eventTimeMs))
            {
                Interlocked.Increment(ref _beyondRetention);
            }

            return terminal.GetRisk(eventTimeMs);
        }
    }

    public void OnTransaction(long terminalId, long transactionId, long eventTimeMs)
    {
        var terminal = Get(terminalId);
        lock (terminal)
        {
            terminal.RecordTransaction(transactionId, eventTimeMs);
        }
    }

    public void OnFraudLabel(long terminalId, long transactionId, long eventTimeMs)
    {
        var terminal = Get(terminalId);
        lock (terminal)
        {
            terminal.RecordFraud(transactionId, eventTimeMs);
        }
    }

    private TerminalGrain Get(long terminalId) =>
        _terminals.TryGetValue(terminalId, out var terminal)
            ? terminal
            : _terminals.GetOrAdd(terminalId, _create);
}
