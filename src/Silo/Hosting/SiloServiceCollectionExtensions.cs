using Amazon.DynamoDBv2;
using Fraud.Orleans.Grains;
using Fraud.Orleans.Grains.Terminals;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Ingest.Terminals;
using Fraud.Orleans.Model;
using Fraud.Orleans.Silo.Cards;
using Fraud.Orleans.Silo.Drift;
using Fraud.Orleans.Silo.Labels;
using Fraud.Orleans.Silo.Pipeline;
using Fraud.Orleans.Silo.Reviews;
using Fraud.Orleans.Silo.Storage;
using Fraud.Orleans.Silo.Terminals;
using Fraud.Orleans.Storage.DynamoDB;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Hosting;
using Orleans.Runtime;

namespace Fraud.Orleans.Silo.Hosting;

/// <summary>Registration of the silo's parts, in the order they must stop in reverse.</summary>
public static class SiloServiceCollectionExtensions
{
    /// <summary>
    /// The signal table in DynamoDB, written in batches by <see cref="DynamoDbSignalWriter"/>, and the review table, whose
    /// cases are written beside those batches (<see cref="ReviewCaseWriter"/>) and read and labelled by the API.
    /// </summary>
    /// <summary>
    /// Analysts' labels fed back (<see cref="LabelFeedback"/>): to the labels table, and frauds to the labels topic that
    /// every silo's terminal risk reads. A sink registered before this (a test's) is kept.
    /// </summary>
    public static IServiceCollection AddLabelFeedback(this IServiceCollection services, KafkaIngestOptions kafka)
    {
        services.TryAddSingleton(_ => new LabelTopicPublisher(kafka));
        services.TryAddSingleton<IReviewLabels, LabelFeedback>();
        return services;
    }

    public static IServiceCollection AddSignalStorage(this IServiceCollection services, DynamoDbOptions options)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton<IAmazonDynamoDB>(_ => DynamoDbClientFactory.Create(options));
        services.AddSingleton<StorageLog>();
        services.AddSingleton<StorageMetrics>();
        services.AddSingleton<IDynamoDBRetryObserver>(sp => sp.GetRequiredService<StorageMetrics>());
        services.AddSingleton<IWrittenWithSignals, ReviewCaseWriter>();
        services.AddSingleton<ReviewStore>();
        services.AddSingleton<DynamoDbSignalWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<DynamoDbSignalWriter>());
        return services;
    }

    /// <summary>
    /// This process as an Orleans silo: membership and card state in DynamoDB through our providers, liveness tuned
    /// for a fast failover, and card grains placed with their Kafka partition's owner.
    /// </summary>
    public static ISiloBuilder AddFraudSilo(this ISiloBuilder silo, ClusterSettings cluster, DynamoDbOptions storage, int siloPort, int gatewayPort)
    {
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });
        silo.ConfigureEndpoints(AdvertisedAddress(cluster), siloPort, gatewayPort, listenOnAnyHostAddress: !string.IsNullOrWhiteSpace(cluster.AdvertisedAddress));
        silo.UseDynamoDBClustering(o => storage.Connect(o, cluster.MembershipTable));
        silo.AddDynamoDBGrainStorage(CardGrain.StorageName, o =>
        {
            storage.Connect(o, storage.StateTable);
            o.CreateIfNotExists = storage.CreateTables;
            o.GrainStorageSerializer = new CardStateStorageSerializer();
        });
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = cluster.ProbeTimeout;
            o.NumMissedProbesLimit = cluster.MissedProbesLimit;
            o.TableRefreshTimeout = cluster.TableRefreshTimeout;
        });
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = cluster.ResponseTimeout);
        silo.Services.AddPlacementDirector<PartitionAffinePlacement, PartitionAffinePlacementDirector>();
        if (cluster.Dashboard)
        {
            silo.AddDashboard();
        }

        silo.Services.AddKeyedSingleton<IDynamoDBWriteFence>(CardGrain.StorageName, (sp, _) => sp.GetRequiredService<CardEpochFence>());
        return silo;
    }

    /// <summary>
    /// What card grains need on this silo (the model, terminal risk, the decision), the registry of their activations,
    /// ownership epochs, and the checkpoint cycle that makes them durable.
    /// </summary>
    public static IServiceCollection AddCardGrains(
        this IServiceCollection services, SiloOptions options, CardGrainOptions cardOptions, TerminalRiskOptions terminalOptions, IFraudModel model, string serviceId, IFraudModel? challenger = null)
    {
        services.AddSingleton(terminalOptions);
        services.AddSingleton<TerminalRiskReplica>();
        services.AddSingleton<ITerminalRiskSource>(sp => sp.GetRequiredService<TerminalRiskReplica>());
        services.AddSingleton<ITerminalActivitySink>(sp => sp.GetRequiredService<TerminalRiskReplica>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(cardOptions);
        services.AddSingleton(model);
        services.AddSingleton(options.Drift);
        services.AddSingleton<DriftLog>();
        services.AddSingleton<DriftMonitor>();
        services.AddHostedService<DriftEvaluation>();

        // Drift watches the configured champion's inputs and score against its own training distribution, in whichever
        // role a promotion puts it (both models score every transaction, so the window sees the same traffic).
        services.AddSingleton(sp => new ModelRoster(
            new ScoringModel(DriftObservedModel.Wrap(model, sp.GetRequiredService<DriftMonitor>()), cardOptions, options.BatchScoresAcrossTurns),
            challenger is null ? null : new ScoringModel(challenger, cardOptions, options.BatchScoresAcrossTurns)));
        services.AddSingleton<CardDecider>();
        services.AddSingleton<CardHostLog>();
        services.TryAddSingleton<PartitionMap>();
        services.AddSingleton(sp => new PartitionEpochClaims(
            sp.GetRequiredService<IAmazonDynamoDB>(),
            sp.GetRequiredService<DynamoDbOptions>(),
            serviceId,
            () => sp.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToParsableString(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<PartitionEpochs>();
        services.AddSingleton<CardGrainReferences>();
        services.AddSingleton<GrainCallMetrics>();
        services.AddSingleton<CardActivations>();
        services.AddSingleton<ICardSilo>(sp => sp.GetRequiredService<CardActivations>());
        services.AddSingleton<CardEpochFence>();
        services.AddSingleton<PartitionOwners>();
        services.AddHostedService(sp => sp.GetRequiredService<PartitionOwners>());
        services.AddSingleton<CardPartitionLifecycle>();
        services.AddSingleton<IPartitionLifecycle>(sp => sp.GetRequiredService<CardPartitionLifecycle>());
        services.AddHostedService<IdleCardRetirement>();
        services.AddSingleton<CheckpointMetrics>();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<CheckpointCoordinator>(
            sp,
            new Lazy<IIngestOffsets>(sp.GetRequiredService<IIngestOffsets>),
            new Lazy<IPartitionFence>(sp.GetRequiredService<IPartitionFence>)));
        services.AddSingleton<IDurabilityBarrier>(sp => sp.GetRequiredService<CheckpointCoordinator>());
        services.AddHostedService(sp => sp.GetRequiredService<CheckpointCoordinator>());
        return services;
    }

    /// <summary>The Kafka gateway that routes each transaction to its card's grain, run by the silo's lifecycle (<see cref="IngestSiloLifecycle"/>).</summary>
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
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, IngestSiloLifecycle>();
        return services;
    }

    private static System.Net.IPAddress AdvertisedAddress(ClusterSettings cluster) =>
        cluster.TryResolveAdvertised(out var address) ? address : throw new InvalidOperationException($"{ClusterSettings.Section}:{nameof(ClusterSettings.AdvertisedAddress)} does not resolve");
}
