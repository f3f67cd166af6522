using System.Globalization;
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

    /// <summary>When every signal sent before the faults went off was durable: the backlog they left was drained.</summary>
    public double? BacklogDrainedAt { get; private set; }

    /// <summary>What the proxy had seen and done when the faults went on, and when they went off.</summary>
    public DynamoDbFaultCounts? CountsAtOn { get; private set; }

    public DynamoDbFaultCounts? CountsAtOff { get; private set; }

    private long _sentAtOff;

    /// <summary>Called as the load runs and drains; returns a line to print when the faults changed.</summary>
    public string? Update(double seconds, long sent, long durable)
    {
        if (OffAt is not null && BacklogDrainedAt is null && durable >= _sentAtOff)
        {
            BacklogDrainedAt = seconds;
            return string.Create(CultureInfo.InvariantCulture, $"the backlog left by the faults is durable, {seconds - OffAt:0.0} s after they went off");
        }

        if (OnAt is null && seconds >= Plan.AfterSeconds)
        {
            CountsAtOn = proxy.Counts;
            proxy.Faults = Plan.Faults;
            OnAt = seconds;
            return $"DynamoDB faults on: {Plan.Spec}";
        }

        if (OnAt is not null && OffAt is null && Plan.OffAtSeconds is { } off && seconds >= off)
        {
            proxy.Faults = DynamoDbFaults.None;
            CountsAtOff = proxy.Counts;
            OffAt = seconds;
            _sentAtOff = sent;
            BacklogAtOff = sent - durable;
            return $"DynamoDB faults off ({proxy.Counts}); {BacklogAtOff:N0} signals not yet durable";
        }

        return null;
    }
}
