using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Messaging;

namespace Fraud.Orleans.IntegrationTests.Cluster;

/// <summary>
/// <c>InProcessTestCluster</c> (Orleans 10.4.2) registers its in-memory membership table (silos) and gateway list
/// (client) after every configuration delegate has run, so its registrations, the last ones, would win over
/// UseDynamoDBClustering. This container factory runs once all registrations are in and removes the test
/// cluster's (instance registrations), so silos and client use ours while keeping the in-process cluster.
/// </summary>
internal sealed class KeepOurClustering : IServiceProviderFactory<IServiceCollection>
{
    private static readonly Type[] Replaced = [typeof(IMembershipTable), typeof(IGatewayListProvider)];

    public IServiceCollection CreateBuilder(IServiceCollection services)
    {
        foreach (var type in Replaced)
        {
            var testClusters = services.Where(d => d.ServiceType == type && d.ImplementationInstance is not null).ToList();
            if (testClusters.Count > 0 && testClusters.Count == services.Count(d => d.ServiceType == type))
            {
                throw new InvalidOperationException($"No {type.Name} of our own is registered: call UseDynamoDBClustering.");
            }

            foreach (var descriptor in testClusters)
            {
                services.Remove(descriptor);
            }
        }

        return services;
    }

    public IServiceProvider CreateServiceProvider(IServiceCollection containerBuilder) => containerBuilder.BuildServiceProvider();
}
