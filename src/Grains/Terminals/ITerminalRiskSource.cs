using Fraud.Orleans.GrainInterfaces;

namespace Fraud.Orleans.Grains.Terminals;

/// <summary>
/// Where a card grain reads its terminal's risk when it scores: a read model of every terminal grain, kept on
/// each silo (as Kafka Streams keeps a GlobalKTable), so scoring never waits on another silo.
/// </summary>
public interface ITerminalRiskSource
{
    TerminalRisk GetRisk(long terminalId, long eventTimeMs);
}
