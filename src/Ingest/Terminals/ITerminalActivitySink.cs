namespace Fraud.Orleans.Ingest.Terminals;

/// <summary>Receives every terminal's activity and fraud labels, in each partition's order, from the terminal feed.</summary>
public interface ITerminalActivitySink
{
    void OnTransaction(long terminalId, long transactionId, long eventTimeMs);

    void OnFraudLabel(long terminalId, long transactionId, long eventTimeMs);
}
