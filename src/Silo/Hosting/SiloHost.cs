using System.Text.Json.Serialization;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Model;
using Fraud.Orleans.Silo.Api;
using Fraud.Orleans.Silo.Cards;
using Fraud.Orleans.Silo.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Dashboard;

namespace Fraud.Orleans.Silo.Hosting;

/// <summary>
/// A running silo: an Orleans silo hosting the card grains, its web host (live-score API), storage and Kafka
/// gateway, in one process. It starts no infrastructure:
/// Kafka and DynamoDB are configured endpoints (the CLI's development commands start embedded ones and pass them in).
/// </summary>
public sealed class SiloHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly OnnxFraudModel _model;
    private readonly OnnxFraudModel? _challenger;
    private int _disposed;

    private SiloHost(WebApplication app, SiloConfiguration configuration, OnnxFraudModel model, OnnxFraudModel? challenger)
    {
        _app = app;
        Configuration = configuration;
        _model = model;
        _challenger = challenger;
    }

    public SiloConfiguration Configuration { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>The keys generated for this session (<see cref="SessionApiKeys.AddIfNoneConfigured"/>), or null when keys were configured.</summary>
    public SessionApiKeys? SessionKeys => _app.Services.GetService<SessionApiKeys>();

    /// <summary>Base address of the silo's HTTP API.</summary>
    public Uri HttpAddress => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>
    /// Builds and starts a silo from command-line style arguments and configuration (appsettings.json,
    /// environment variables FRAUD__SECTION__KEY); <paramref name="configure"/> lets tests and tools add settings or services.
    /// </summary>
    public static async Task<SiloHost> StartAsync(string[] args, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Configuration.AddEnvironmentVariables("FRAUD__");
        if (string.IsNullOrEmpty(builder.Configuration["Urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls("http://127.0.0.1:8080");
        }

        // Orleans' placement runs through a Polly pipeline that logs every attempt at Information: one line per activation.
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        configure?.Invoke(builder);
        var config = SiloConfiguration.Bind(builder.Configuration);
        var api = ApiOptions.Bind(builder.Configuration);
        config.ThrowIfInvalid(api.Validate());
        if (!LibrdkafkaVersion.IsSupported(out var librdkafka))
        {
            throw new SiloConfigurationException([
                $"librdkafka {librdkafka} is loaded, expected {LibrdkafkaVersion.Expected}x from librdkafka.redist " +
                "(the build copies its self-contained build over librdkafka.so; a system librdkafka was found first)"]);
        }

        OnnxFraudModel? model = null;
        OnnxFraudModel? challenger = null;
        try
        {
            model = ModelFiles.Load(config.Silo.ModelPath);
            challenger = string.IsNullOrWhiteSpace(config.Silo.ChallengerModelPath) ? null : ModelFiles.Load(config.Silo.ChallengerModelPath);

            builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
            builder.AddFraudSilo(config, model, challenger);
            builder.AddFraudApi(api);

            var app = builder.Build();
            app.UseFraudApi();
            app.MapSiloEndpoints();
            app.MapPrometheusScrapingEndpoint().RequireAuthorization(ApiRoles.Operator);
            if (config.Cluster.Dashboard)
            {
                app.MapOrleansDashboard(routePrefix: "/dashboard").RequireAuthorization(ApiRoles.Operator);
            }

            var host = new SiloHost(app, config, model, challenger);

            var client = app.Services.GetRequiredService<Amazon.DynamoDBv2.IAmazonDynamoDB>();
            if (config.DynamoDb.CreateTables)
            {
                await DynamoDbTables.EnsureCreatedAsync(client, config.DynamoDb, cancellationToken).ConfigureAwait(false);
            }

            app.Services.GetRequiredService<StorageLog>().TablesReady(
                config.DynamoDb.StateTable, config.DynamoDb.SignalTable, config.DynamoDb.ReviewTable, config.DynamoDb.ServiceUrl ?? DynamoDbOptions.Aws);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            app.Services.GetRequiredService<CardHostLog>().SiloUp(host.HttpAddress, model.Metadata.ModelVersion, OnnxFraudModel.RuntimeVersion);
            return host;
        }
        catch
        {
            model?.Dispose();
            challenger?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Fault injection for cluster tests: stops the silo as a crash would. No record is handed to a grain
    /// after this call, no state or offset is written (the ownership epochs are gone, so grain storage refuses),
    /// queued signals are dropped, no final checkpoint runs, and the Kafka consumer is destroyed without closing
    /// (no commit, no leave: the group notices when its session expires). Then the host and its container are torn
    /// down; the Orleans silo leaves the cluster as it stops.
    /// </summary>
    public async ValueTask KillAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Crash(_app.Services);
        await StopAndReleaseAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// The crash switches of <see cref="KillAsync"/>, for a silo on another host (the cluster tests' TestingHost
    /// silos): nothing more is handed to grains, written or committed; the host is torn down by the caller.
    /// </summary>
    public static void Crash(IServiceProvider services)
    {
        services.GetRequiredService<KafkaIngestGateway>().Crash();
        services.GetRequiredService<Pipeline.CheckpointCoordinator>().Abandon();
        services.GetRequiredService<DynamoDbSignalWriter>().Abandon();
        services.GetRequiredService<PartitionEpochs>().Abandon();
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Graceful stop: the gateway makes its decided records durable and commits them, then everything closes.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopAndReleaseAsync().ConfigureAwait(false);
    }

    private async ValueTask StopAndReleaseAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _model.Dispose();
        _challenger?.Dispose();
    }
}
