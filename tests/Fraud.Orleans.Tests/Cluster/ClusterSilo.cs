using Fraud.Orleans.Ingest;
using Fraud.Orleans.Silo.Hosting;
using Fraud.Orleans.Silo.Pipeline;
using Fraud.Orleans.Silo.Cards;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace Fraud.Orleans.Tests.Cluster;

/// <summary>One silo of a <see cref="TestCluster"/>: its own host and container, in the test process.</summary>
public sealed class ClusterSilo(string id, SiloHost host)
{
    public string Id { get; } = id;

    public SiloHost Host { get; } = host;

    public IServiceProvider Services => Host.Services;

    public Uri HttpAddress => Host.HttpAddress;

    public KafkaIngestGateway Gateway => Services.GetRequiredService<KafkaIngestGateway>();

    public CheckpointCoordinator Checkpoints => Services.GetRequiredService<CheckpointCoordinator>();

    public IngestMetrics Metrics => Services.GetRequiredService<IngestMetrics>();

    public CardActivations Cards => Services.GetRequiredService<CardActivations>();

    /// <summary>The Orleans silo's address, as a card's live score names the silo hosting it.</summary>
    public string SiloAddress => Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToString();

    public IReadOnlyList<int> Owned => Gateway.OwnedPartitions;

    public override string ToString() => $"{Id} [{string.Join(",", Owned)}]";
}
