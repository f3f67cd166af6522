using Fraud.Orleans.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Fraud.Orleans.Silo.Hosting;

public static class SiloHostApplicationBuilderExtensions
{
    /// <summary>
    /// The silo on any host: the Orleans silo with our clustering, grain storage and placement, the card grains and
    /// their checkpoint cycle, the Kafka gateway, the signal writer and the metrics. <see cref="SiloHost"/> adds the
    /// web API on top; the cluster tests host the very same silo in Orleans' TestingHost, without a web host.
    /// </summary>
    public static IHostApplicationBuilder AddFraudSilo(this IHostApplicationBuilder builder, SiloConfiguration config, IFraudModel model, IFraudModel? challenger = null)
    {
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(60));
        builder.Services.AddLabelFeedback(config.Kafka);
        builder.Services.AddSignalStorage(config.DynamoDb);
        var siloPort = config.Cluster.SiloPort != 0 ? config.Cluster.SiloPort : FreeTcpPort.Pick();
        var gatewayPort = config.Cluster.GatewayPort != 0 ? config.Cluster.GatewayPort : FreeTcpPort.Pick();
        builder.UseOrleans(silo => silo.AddFraudSilo(config.Cluster, config.DynamoDb, siloPort, gatewayPort));
        builder.Services
            .AddCardGrains(config.Silo, config.Cards, config.Terminals, model, config.Cluster.ServiceId, challenger)
            .AddKafkaIngest(config.Kafka)
            .AddFraudMetrics();
        return builder;
    }
}
