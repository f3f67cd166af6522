using System.Diagnostics.Metrics;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Silo.Cards;
using Fraud.Orleans.Silo.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Fraud.Orleans.Silo.Pipeline;

/// <summary>
/// The silo's levels (active cards, owned partitions, signals not yet durable), read when metrics are collected.
/// A hosted service only so that the gauges exist from start-up; the parts are resolved at collection time
/// because they are built after the metrics.
/// </summary>
public sealed class SiloGauges : IHostedService
{
    public SiloGauges(IMeterFactory meters, IServiceProvider services)
    {
        var meter = meters.Create(FraudMeter.Name);
        meter.CreateObservableGauge("fraud.cards.active", () => services.GetRequiredService<CardActivations>().Count, "{card}", "Card grains active on this silo");
        meter.CreateObservableGauge(
            "fraud.partitions.owned", () => services.GetRequiredService<KafkaIngestGateway>().OwnedPartitions.Count, "{partition}", "Kafka partitions this silo owns");
        meter.CreateObservableGauge(
            "fraud.signals.pending", () => services.GetRequiredService<DynamoDbSignalWriter>().Pending, "{signal}", "Signals decided but not yet durable");
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
