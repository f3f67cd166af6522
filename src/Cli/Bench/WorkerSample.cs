namespace Fraud.Orleans.Cli.Bench;

/// <summary>
/// One status line of a worker with what the bench read at the moment it arrived: seconds since the load started
/// (negative before), transactions the open-loop schedule had due by the status's own time stamp (so that a line
/// delivered late does not show as lag), and the CPU seconds of the worker, the bench process (load
/// generator + Kafka mock) and DynamoDB Local.
/// </summary>
public sealed record WorkerSample(double Seconds, long Scheduled, WorkerStatus Status, double WorkerCpu, double BenchCpu, double DynamoDbCpu)
{
    public long Lag => Scheduled - Status.Decided;
}
