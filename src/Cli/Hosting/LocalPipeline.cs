using System.Diagnostics;
using System.Diagnostics.Metrics;
using Amazon.DynamoDBv2;
using Fraud.Orleans.Cli.Metrics;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Embedded;
using Fraud.Orleans.Silo.Api;
using Fraud.Orleans.Silo.Hosting;
using Fraud.Orleans.Silo.Pipeline;
using Fraud.Orleans.Silo.Cards;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fraud.Orleans.Cli.Hosting;

/// <summary>
/// Embedded Kafka + DynamoDB Local + one in-process silo whose signal instruments a <see cref="PipelineObserver"/> reads:
/// what <c>fraud demo</c> and <c>fraud replay</c> run on. Its API takes the keys of <c>Api:Keys</c>, or keys generated
/// for the session when none are configured (<see cref="SiloHost.SessionKeys"/>). Disposing stops the silo (which commits what is durable),
/// then the infrastructure, Java included.
/// </summary>
public sealed class LocalPipeline : IAsyncDisposable
{
    private LocalPipeline(KafkaIngestOptions topics, EmbeddedInfrastructure infrastructure, SiloHost silo, PipelineObserver observer)
    {
        Topics = topics;
        Infrastructure = infrastructure;
        Silo = silo;
        Observer = observer;
    }

    public KafkaIngestOptions Topics { get; }

    public EmbeddedInfrastructure Infrastructure { get; }

    public SiloHost Silo { get; }

    public PipelineObserver Observer { get; }

    public IngestMetrics Metrics => Silo.Services.GetRequiredService<IngestMetrics>();

    public CardActivations Cards => Silo.Services.GetRequiredService<CardActivations>();

    public KafkaIngestGateway Gateway => Silo.Services.GetRequiredService<KafkaIngestGateway>();

    public IAmazonDynamoDB DynamoDb => Silo.Services.GetRequiredService<IAmazonDynamoDB>();

    public string SignalTable => Silo.Configuration.DynamoDb.SignalTable;

    /// <summary>
    /// Starts the infrastructure (creating <paramref name="topics"/>) and a silo on it; <paramref name="siloSettings"/>
    /// override the silo's configuration (e.g. <c>Silo:CheckpointInterval</c>).
    /// </summary>
    public static async Task<LocalPipeline> StartAsync(
        KafkaIngestOptions topics, IReadOnlyDictionary<string, string?>? siloSettings, TimeProvider time, CancellationToken cancellationToken)
    {
        var infrastructure = await EmbeddedInfrastructure.StartAsync(topics, cancellationToken);
        try
        {
            var settings = infrastructure.SiloSettings();
            settings["Kafka:Topic"] = topics.Topic;
            settings["Kafka:LabelTopic"] = topics.LabelTopic;
            settings["Kafka:DeadLetterTopic"] = topics.DeadLetterTopic;
            settings["Kafka:Partitions"] = topics.Partitions.ToString(System.Globalization.CultureInfo.InvariantCulture);
            foreach (var (key, value) in siloSettings ?? new Dictionary<string, string?>())
            {
                settings[key] = value;
            }

            var silo = await SiloHost.StartAsync([], builder =>
            {
                builder.Configuration.AddInMemoryCollection(settings);
                SessionApiKeys.AddIfNoneConfigured(builder);
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
                builder.Services.AddSingleton(time);
            }, cancellationToken);
            return new LocalPipeline(topics, infrastructure, silo, new PipelineObserver(silo.Services.GetRequiredService<IMeterFactory>()));
        }
        catch
        {
            await infrastructure.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until the silo owns partitions (the group join is start-up, not transaction latency); returns how long that took.</summary>
    /// <exception cref="TimeoutException">It owns none after <paramref name="timeout"/>.</exception>
    public async Task<TimeSpan> WaitForPartitionsAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (Gateway.OwnedPartitions.Count == 0)
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"The silo owns no partition of '{Topics.Topic}' after {timeout.TotalSeconds:0} s.");
            }

            await Task.Delay(20, cancellationToken);
        }

        return clock.Elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Silo.DisposeAsync();
        }
        finally
        {
            Observer.Dispose();
            await Infrastructure.DisposeAsync();
        }
    }
}
