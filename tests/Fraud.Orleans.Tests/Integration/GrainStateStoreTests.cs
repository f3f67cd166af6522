using Amazon.DynamoDBv2;
using Fraud.Orleans.Silo.Runtime;
using Fraud.Orleans.Silo.Storage;

namespace Fraud.Orleans.Tests.Integration;

/// <summary>Grain state in DynamoDB Local: read with its ETag, writes conditional on it.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class GrainStateStoreTests(InfrastructureFixture fixture)
{
    [Fact]
    public async Task A_write_with_a_stale_etag_is_fenced_and_changes_nothing()
    {
        var (client, store) = await NewStoreAsync();
        using var owned = client;

        Assert.Null(await store.ReadAsync("card", "42", CancellationToken.None));
        var first = await store.WriteAsync("card", "42", [1, 2, 3], null, CancellationToken.None);
        var second = await store.WriteAsync("card", "42", [4, 5, 6], first, CancellationToken.None);

        // A silo still holding the first ETag (it lost the card to another) cannot overwrite, nor can a second creator.
        await Assert.ThrowsAsync<GrainStateFencedException>(() => store.WriteAsync("card", "42", [9], first, CancellationToken.None));
        await Assert.ThrowsAsync<GrainStateFencedException>(() => store.WriteAsync("card", "42", [9], null, CancellationToken.None));

        var stored = await store.ReadAsync("card", "42", CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal(second, stored.Etag);
        Assert.Equal(new byte[] { 4, 5, 6 }, stored.Data);
    }

    [Fact]
    public async Task Retrying_a_write_that_already_landed_is_not_mistaken_for_fencing()
    {
        var (client, store) = await NewStoreAsync();
        using var owned = client;
        var first = await store.WriteAsync("card", "7", [1], null, CancellationToken.None);
        var second = await store.WriteAsync("card", "7", [2], first, CancellationToken.None);

        // The same write again, as a retry after a lost reply sends it: it finds its own result in place.
        Assert.Equal(second, await store.WriteAsync("card", "7", [2], first, CancellationToken.None));

        // Another writer's content under that version is fencing all the same.
        await Assert.ThrowsAsync<GrainStateFencedException>(() => store.WriteAsync("card", "7", [3], first, CancellationToken.None));
    }

    private async Task<(AmazonDynamoDBClient Client, DynamoDbGrainStateStore Store)> NewStoreAsync()
    {
        var names = fixture.NewNames(partitions: 1);
        var options = new DynamoDbOptions { ServiceUrl = fixture.Infrastructure.DynamoDb.ServiceUrl.ToString(), StateTable = names.StateTable, SignalTable = names.SignalTable };
        var client = (AmazonDynamoDBClient)DynamoDbClientFactory.Create(options);
        await DynamoDbTables.EnsureCreatedAsync(client, options, CancellationToken.None);
        return (client, new DynamoDbGrainStateStore(client, options, TimeProvider.System));
    }
}
