namespace Fraud.Orleans.Cli.Capacity;

/// <summary>What <see cref="CapacityModel"/> sizes for one rate; every figure derives from <see cref="CapacityConstants"/>.</summary>
public sealed record CapacityPlan
{
    public required int Rate { get; init; }

    /// <summary>vCPU the silos spend at the rate, before headroom.</summary>
    public required double VcpuBusy { get; init; }

    /// <summary>The larger of <see cref="CpuSilos"/> and <see cref="MemorySilos"/>, and at least two.</summary>
    public required int Silos { get; init; }

    /// <summary>Silos the CPU needs at the target utilisation.</summary>
    public required int CpuSilos { get; init; }

    /// <summary>Silos the active cards' memory needs at the target utilisation.</summary>
    public required int MemorySilos { get; init; }

    public required double SiloVcpu { get; init; }

    /// <summary>Cards with a live activation: those with a transaction within the idle timeout.</summary>
    public required double ActiveCards { get; init; }

    public required double MemoryPerSiloGb { get; init; }

    public required int Partitions { get; init; }

    /// <summary>Transactions a second a single silo decides at the target utilisation.</summary>
    public required double PerSiloRate { get; init; }

    /// <summary>Events a card keeps (its transactions in the retention horizon, capped).</summary>
    public required double EventsPerCard { get; init; }

    public required double StateItemKb { get; init; }

    /// <summary>State writes per transaction: a checkpoint writes each changed card once, whatever its transactions in the interval.</summary>
    public required double StateWritesPerTransaction { get; init; }

    /// <summary>DynamoDB items written per transaction: the signal, its review case when it has one, and the amortised state write.</summary>
    public required double ItemsPerTransaction { get; init; }

    public required double WruPerTransaction { get; init; }

    public required double WruPerSecond { get; init; }

    /// <summary>Read request units per transaction: a state read per activation (4 KB units, strongly consistent).</summary>
    public required double RruPerTransaction { get; init; }

    public required double UsdPerMillionTransactions { get; init; }

    public required double UsdPerMonth { get; init; }

    /// <summary>Records a failed silo's partitions replay at worst: a checkpoint interval plus the session timeout of its share of the rate.</summary>
    public required double ReplayRecords { get; init; }

    /// <summary>Seconds the survivors need to decide the replay with their spare CPU; infinite when they have none.</summary>
    public required double ReplaySeconds { get; init; }

    /// <summary>The limits in the order they are reached (highest use first): name, use of the limit, the metric that shows it coming.</summary>
    public required IReadOnlyList<(string Limit, double Use, string Metric)> Limits { get; init; }
}
