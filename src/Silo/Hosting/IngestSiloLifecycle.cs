using Fraud.Orleans.Ingest;
using Orleans;
using Orleans.Runtime;

namespace Fraud.Orleans.Silo.Hosting;

/// <summary>
/// Runs the Kafka gateway inside the Orleans silo's lifecycle, after its last stage: it consumes only once the silo is
/// active, and on a stop it hands its partitions over (last checkpoint, commit, grains leaving) before Orleans
/// deactivates any grain. As a plain hosted service, or at the <see cref="ServiceLifecycleStage.Active"/> stage itself
/// (whose participants stop together), it stopped while Orleans deactivated the grains whose state its last
/// checkpoint was to write.
/// </summary>
public sealed class IngestSiloLifecycle(KafkaIngestGateway gateway) : ILifecycleParticipant<ISiloLifecycle>
{
    public const int Stage = ServiceLifecycleStage.Active + 100;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(IngestSiloLifecycle), Stage, gateway.StartAsync, gateway.StopAsync);
}
