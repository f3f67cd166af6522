using Fraud.Orleans.IntegrationTests.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Orleans.GrainDirectory;

namespace Fraud.Orleans.Tests.Cluster;

/// <summary>
/// A TestingHost silo with production's cluster parts: our DynamoDB membership (<see cref="KeepOurClustering"/>) and
/// Orleans' default grain directory. <c>InProcessTestCluster</c> (Orleans 10.4.2) registers its in-memory directory as
/// the default one (its switch is not public); this container factory drops that registration, so activations are
/// registered, looked up and dropped on a silo's death as on our production silos.
/// </summary>
internal sealed class ProductionSiloServices : IServiceProviderFactory<IServiceCollection>
{
    private readonly KeepOurClustering _clustering = new();

    public IServiceCollection CreateBuilder(IServiceCollection services)
    {
        _clustering.CreateBuilder(services);

        // Orleans' named services are internal: NamedService<IGrainDirectory>, found by its shape.
        var directories = services
            .Where(d => d.ServiceType is { IsGenericType: true } t && t.GetGenericTypeDefinition().Name == "NamedService`1" && t.GenericTypeArguments[0] == typeof(IGrainDirectory))
            .ToList();
        if (directories.Count != 1)
        {
            throw new InvalidOperationException($"Expected TestingHost's grain directory as the one named directory, found {directories.Count}: has Orleans changed how it registers them?");
        }

        services.Remove(directories[0]);
        return services;
    }

    public IServiceProvider CreateServiceProvider(IServiceCollection containerBuilder) => _clustering.CreateServiceProvider(containerBuilder);
}
