namespace Fraud.Orleans.Ingest;

/// <summary>Makes everything decided so far durable (signals and grain state), e.g. before partitions are revoked.</summary>
public interface IDurabilityBarrier
{
    Task MakeDurableAsync(CancellationToken cancellationToken);
}
