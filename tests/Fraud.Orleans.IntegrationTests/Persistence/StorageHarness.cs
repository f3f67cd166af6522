using Fraud.Orleans.IntegrationTests.Support;
using Fraud.Orleans.Embedded;
using Fraud.Orleans.Storage.DynamoDB;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;

namespace Fraud.Orleans.IntegrationTests.Persistence;

/// <summary>Builds and initialises a <see cref="DynamoDBGrainStorage"/> outside a silo, as the silo lifecycle would.</summary>
internal static class StorageHarness
{
    private static readonly IActivatorProvider Activators =
        new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<IActivatorProvider>();

    public const string StateName = "totals";

    public static DynamoDBGrainStorage Create(
        DynamoDbLocal server, string table, Action<DynamoDBStorageOptions>? configure = null, IDynamoDBWriteFence? fence = null,
        JsonTestSerializer? serializer = null)
    {
        serializer ??= new JsonTestSerializer();
        var options = DynamoDbLocalConnection.Connect(new DynamoDBStorageOptions { GrainStorageSerializer = serializer }, server, table);
        configure?.Invoke(options);
        return new DynamoDBGrainStorage(
            "test", options, "service-a", serializer, Activators, fence, TimeProvider.System, NullLogger<DynamoDBGrainStorage>.Instance);
    }

    public static async Task<DynamoDBGrainStorage> StartAsync(
        DynamoDbLocal server, string table, Action<DynamoDBStorageOptions>? configure = null, IDynamoDBWriteFence? fence = null,
        JsonTestSerializer? serializer = null)
    {
        var storage = Create(server, table, configure, fence, serializer);
        await storage.InitAsync(CancellationToken.None);
        return storage;
    }

    public static GrainId Grain(string key) => GrainId.Create("card", key);

    public static async Task<GrainState<TestState>> ReadAsync(DynamoDBGrainStorage storage, GrainId grain)
    {
        var state = new GrainState<TestState>();
        await storage.ReadStateAsync(StateName, grain, state);
        return state;
    }
}
