using Amazon.DynamoDBv2;
using Fraud.Orleans.Grains;
using Fraud.Orleans.Grains.Terminals;
using Fraud.Orleans.Ingest.Terminals;
using Fraud.Orleans.Silo.Terminals;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Model;
using Fraud.Orleans.Runtime;
using Fraud.Orleans.Silo.Membership;
using Fraud.Orleans.Silo.Pipeline;
using Fraud.Orleans.Silo.Runtime;
using Fraud.Orleans.Silo.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fraud.Orleans.Silo.Hosting;

/// <summary>Registration of the silo's parts, in the order they must stop in reverse.</summary>
public static class SiloServiceCollectionExtensions
{
    /// <summary>Grain state and signals in DynamoDB, the way Orleans' AddDynamoDBGrainStorage registers storage.</summary>
    public static IServiceCollection AddDynamoDBGrainStorage(this IServiceCollection services, DynamoDbOptions options)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton<IAmazonDynamoDB>(_ => DynamoDbClientFactory.Create(options));
        services.AddSingleton<StorageLog>();
        services.AddSingleton<StorageMetrics>();
        services.AddSingleton<IGrainStateStore, DynamoDbGrainStateStore>();
        services.AddSingleton<DynamoDbSignalWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<DynamoDbSignalWriter>());
        return services;
    }

    /// <summary>
    /// Card grains scored with <paramref name="model"/> and the risk of their terminals, and the checkpoint cycle
    /// that makes them durable.
    /// </summary>
    public static IServiceCollection AddCardGrains(
        this IServiceCollection services, SiloOptions options, CardGrainOptions cardOptions, TerminalRiskOptions terminalOptions, IFraudModel model)
    {
        services.AddSingleton(terminalOptions);
        services.AddSingleton<TerminalRiskReplica>();
        services.AddSingleton<ITerminalRiskSource>(sp => sp.GetRequiredService<TerminalRiskReplica>());
        services.AddSingleton<ITerminalActivitySink>(sp => sp.GetRequiredService<TerminalRiskReplica>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(cardOptions);
        services.AddSingleton(model);
        services.AddSingleton(new ScoreBatcher(model));
        services.AddSingleton<RuntimeLog>();
        services.AddSingleton<CheckpointQueue>();
        services.AddSingleton<CheckpointMetrics>();
        services.TryAddSingleton<PartitionMap>();
        services.AddSingleton<PartitionEpochs>();
        services.AddSingleton<GrainRuntime>();
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainRuntime>());
        services.AddSingleton<IPartitionLifecycle>(sp => sp.GetRequiredService<GrainRuntime>());
        services.AddHostedService(sp => sp.GetRequiredService<GrainRuntime>());
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<CheckpointCoordinator>(
            sp,
            new Lazy<IIngestOffsets>(sp.GetRequiredService<IIngestOffsets>),
            new Lazy<IPartitionFence>(sp.GetRequiredService<IPartitionFence>)));
        services.AddSingleton<IDurabilityBarrier>(sp => sp.GetRequiredService<CheckpointCoordinator>());
        services.AddHostedService(sp => sp.GetRequiredService<CheckpointCoordinator>());
        return services;
    }

    /// <summary>This silo's entry in the membership table, and forwarding of live-score reads to the owning silo.</summary>
    public static IServiceCollection AddSiloMembership(this IServiceCollection services, MembershipOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<MembershipLog>();
        services.AddSingleton<MembershipTable>();
        services.AddSingleton<LiveScoreForwarder>();
        services.AddSingleton<SiloMembership>();
        services.AddSingleton<IPartitionLifecycle>(sp => sp.GetRequiredService<SiloMembership>());
        services.AddHostedService(sp => sp.GetRequiredService<SiloMembership>());
        return services;
    }

    /// <summary>The Kafka gateway that routes each transaction to its card's grain. Register last: it stops first.</summary>
    public static IServiceCollection AddKafkaIngest(this IServiceCollection services, KafkaIngestOptions options)
    {
        services.AddSingleton(options);
        services.TryAddSingleton<PartitionMap>();
        services.AddSingleton<IngestMetrics>();
        services.AddSingleton<IngestLog>();
        services.AddSingleton(sp =>
        {
            var terminals = sp.GetRequiredService<TerminalRiskOptions>();
            return new TerminalFeedOptions(terminals.LabelDelay, terminals.LabelWait, sp.GetRequiredService<CardGrainOptions>().AllowedLateness);
        });
        services.AddSingleton<TerminalFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<TerminalFeed>());
        services.AddSingleton<ITransactionProcessor, CardTransactionProcessor>();
        services.AddSingleton<KafkaIngestGateway>();
        services.AddSingleton<IIngestOffsets>(sp => sp.GetRequiredService<KafkaIngestGateway>());
        services.AddSingleton<IPartitionFence>(sp => sp.GetRequiredService<KafkaIngestGateway>());
        services.AddHostedService(sp => sp.GetRequiredService<KafkaIngestGateway>());
        return services;
    }
}
