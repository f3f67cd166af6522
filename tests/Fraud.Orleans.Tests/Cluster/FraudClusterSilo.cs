using Fraud.Orleans.Ingest;
using Fraud.Orleans.Silo.Cards;
using Fraud.Orleans.Silo.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace Fraud.Orleans.Tests.Cluster;

/// <summary>One silo of a <see cref="FraudCluster"/>: a TestingHost silo with its own host and container, in the test process.</summary>
public sealed class FraudClusterSilo(string id, InProcessSiloHandle handle, IDisposable model)
{
    public string Id { get; } = id;

    public InProcessSiloHandle Handle { get; } = handle;

    public IServiceProvider Services => Handle.SiloHost.Services;

    /// <summary>Grain calls made from this silo, as its web API makes them.</summary>
    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    public KafkaIngestGateway Gateway => Services.GetRequiredService<KafkaIngestGateway>();

    public CheckpointCoordinator Checkpoints => Services.GetRequiredService<CheckpointCoordinator>();

    public IngestMetrics Metrics => Services.GetRequiredService<IngestMetrics>();

    public CardActivations Cards => Services.GetRequiredService<CardActivations>();

    /// <summary>The Orleans silo's address, as a card's live score names the silo hosting it.</summary>
    public string SiloAddress => Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToString();

    public IReadOnlyList<int> Owned => Gateway.OwnedPartitions;

    /// <summary>The silo's model, released once its host is gone (the host does not own it).</summary>
    internal IDisposable Model { get; } = model;

    public override string ToString() => $"{Id} [{string.Join(",", Owned)}]";
}
