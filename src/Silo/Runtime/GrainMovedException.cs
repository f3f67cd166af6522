namespace Fraud.Orleans.Silo.Runtime;

/// <summary>The grain's partition left this silo while the call waited: its new owner must be asked.</summary>
public sealed class GrainMovedException(string grainType, string key, int partition)
    : Exception($"{grainType}/{key} (partition {partition}) is no longer hosted on this silo.")
{
    public int Partition { get; } = partition;
}
