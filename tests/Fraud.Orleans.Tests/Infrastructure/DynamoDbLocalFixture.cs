using Amazon.DynamoDBv2;
using Fraud.Orleans.Embedded;

namespace Fraud.Orleans.Tests.Infrastructure;

/// <summary>Put <c>[Collection(DynamoDbLocalCollection.Name)]</c> on a test class to share one server.</summary>
[CollectionDefinition(Name)]
public sealed class DynamoDbLocalCollection : ICollectionFixture<DynamoDbLocalFixture>
{
    public const string Name = "dynamodb";
}

/// <summary>
/// One in-memory DynamoDB Local for every test class in the "dynamodb" collection, stopped when they are
/// all done. The tables outlive a test, so name them with <see cref="UniqueTableName"/>; and leave the
/// server running (tests that stop or restart a server start their own).
/// </summary>
public sealed class DynamoDbLocalFixture : IAsyncLifetime
{
    private DynamoDbLocal? _server;
    private AmazonDynamoDBClient? _client;

    public DynamoDbLocal Server => _server ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <summary>A client shared by the collection; create your own with <c>Server.CreateClient()</c> to change its settings.</summary>
    public AmazonDynamoDBClient Client => _client ?? throw new InvalidOperationException("The fixture is not initialised.");

    public static string UniqueTableName(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    public async Task InitializeAsync()
    {
        _server = await DynamoDbLocal.StartAsync();
        _client = _server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
