using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Messaging;

namespace Fraud.Orleans.Storage.DynamoDB;

/// <summary>Makes DynamoDB the cluster's membership store: the membership table on silos, the gateway list on clients.</summary>
public static class DynamoDBClusteringExtensions
{
    public static ISiloBuilder UseDynamoDBClustering(this ISiloBuilder builder, Action<DynamoDBClusteringOptions> configure) =>
        builder.ConfigureServices(services =>
        {
            services.AddDynamoDBClusteringCore(configure);
            services.AddSingleton<IMembershipTable>(sp => sp.GetRequiredService<DynamoDBMembershipTable>());
        });

    public static IClientBuilder UseDynamoDBClustering(this IClientBuilder builder, Action<DynamoDBClusteringOptions> configure) =>
        builder.ConfigureServices(services =>
        {
            services.AddDynamoDBClusteringCore(configure);
            services.AddSingleton<IGatewayListProvider, DynamoDBGatewayListProvider>();
        });

    private static void AddDynamoDBClusteringCore(this IServiceCollection services, Action<DynamoDBClusteringOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.Configure(configure);
        services.ConfigureFormatter<DynamoDBClusteringOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DynamoDBMembershipTable>();
        services.AddSingleton<IConfigurationValidator, DynamoDBClusteringOptionsValidator>();
    }
}
