using Fraud.Orleans.Embedded;

namespace Fraud.Orleans.Cli.Bench;

/// <summary>Switches a phase's fault proxy on and off by the load's clock, and notes when it did.</summary>
public sealed class DynamoDbFaultSchedule(DynamoDbFaultPlan plan, DynamoDbFaultProxy proxy)
{
    public DynamoDbFaultPlan Plan { get; } = plan;

    public double? OnAt { get; private set; }

    public double? OffAt { get; private set; }

    /// <summary>Signals sent but not yet durable when the faults went off.</summary>
    public long? BacklogAtOff { get; private set; }

    /// <summary>Called as the load runs and drains; returns a line to print when the faults changed.</summary>
    public string? Update(double seconds, long backlog)
    {
        if (OnAt is null && seconds >= Plan.AfterSeconds)
        {
            proxy.Faults = Plan.Faults;
            OnAt = seconds;
            return $"DynamoDB faults on: {Plan.Spec}";
        }

        if (OnAt is not null && OffAt is null && Plan.OffAtSeconds is { } off && seconds >= off)
        {
            proxy.Faults = DynamoDbFaults.None;
            OffAt = seconds;
            BacklogAtOff = backlog;
            return $"DynamoDB faults off ({proxy.Counts}); {backlog:N0} signals not yet durable";
        }

        return null;
    }
}
