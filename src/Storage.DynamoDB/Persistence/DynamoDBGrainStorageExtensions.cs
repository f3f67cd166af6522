using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime.Hosting;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Fraud.Orleans.Storage.DynamoDB;

/// <summary>Registers a named <see cref="DynamoDBGrainStorage"/>.</summary>
public static class DynamoDBGrainStorageExtensions
{
    public static ISiloBuilder AddDynamoDBGrainStorage(this ISiloBuilder builder, string name, Action<DynamoDBStorageOptions> configure) =>
        builder.ConfigureServices(services => services.AddDynamoDBGrainStorage(name, configure));

    public static IServiceCollection AddDynamoDBGrainStorage(this IServiceCollection services, string name, Action<DynamoDBStorageOptions> configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<DynamoDBStorageOptions>(name).Configure(configure);
        services.ConfigureNamedOptionForLogging<DynamoDBStorageOptions>(name);
        services.AddTransient<IConfigurationValidator>(sp => new DynamoDBStorageOptionsValidator(
            sp.GetRequiredService<IOptionsMonitor<DynamoDBStorageOptions>>().Get(name), name));
        services.TryAddSingleton(TimeProvider.System);
        return services.AddGrainStorage(name, static (sp, name) => new DynamoDBGrainStorage(
            name,
            sp.GetRequiredService<IOptionsMonitor<DynamoDBStorageOptions>>().Get(name),
            sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
            sp.GetRequiredService<IGrainStorageSerializer>(),
            sp.GetRequiredService<IActivatorProvider>(),
            sp.GetKeyedService<IDynamoDBWriteFence>(name),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<DynamoDBGrainStorage>>(),
            sp.GetService<IDynamoDBRetryObserver>()));
    }
}
