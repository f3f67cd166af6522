namespace Fraud.Orleans.Cli.Replay;

/// <summary>What a replay sent and how long it took, before the signal table is read back.</summary>
public sealed record ReplayResult(
    long TransactionsSent,
    long LabelsPublished,
    long Watermarks,
    TimeSpan SendTime,
    TimeSpan DurableTime,
    long Durable,
    long DeadLettered,
    long LabelWaitsTimedOut,
    bool DrainedInTime);
