namespace Fraud.Orleans.Silo.Membership;

/// <summary>One silo as the membership table holds it.</summary>
public sealed record SiloEntry(string SiloId, Uri Endpoint, IReadOnlyList<int> Partitions, DateTimeOffset HeartbeatAt);
