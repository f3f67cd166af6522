namespace Fraud.Orleans.Ingest;

/// <summary>Fault injection for cluster tests: a process crash and a process stall, as seen by the group.</summary>
public sealed partial class KafkaIngestGateway
{
    private readonly ManualResetEventSlim _running = new(initialState: true);
    private volatile bool _crashed;

    private bool Crashed => _crashed;

    /// <summary>
    /// Behaves from now on as if the process had died: no record is handed over, nothing is committed, no
    /// final checkpoint runs, and stopping destroys the consumer without closing it (it neither commits nor
    /// takes part in a rebalance; the group drops the member when its session expires).
    /// </summary>
    public void Crash()
    {
        _crashed = true;
        _running.Set();
    }

    /// <summary>
    /// Stops polling, as a stalled process would (a long GC pause, a frozen VM): after
    /// <c>Kafka:MaxPollIntervalMs</c> the consumer leaves the group and its partitions go to other silos.
    /// </summary>
    public void Stall() => _running.Reset();

    public void Resume() => _running.Set();

    private void WaitWhileStalled(CancellationToken stoppingToken)
    {
        try
        {
            _running.Wait(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the loop condition ends it.
        }
    }
}
