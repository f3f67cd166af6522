using Fraud.Orleans.IntegrationTests.Support;
using Fraud.Orleans.Embedded;
using static Fraud.Orleans.IntegrationTests.Persistence.StorageHarness;

namespace Fraud.Orleans.IntegrationTests.Persistence;

/// <summary>DynamoDB unreachable for a while (its server restarting): writes are retried, not lost or failed.</summary>
public sealed class DynamoDBGrainStorageOutageTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ddb-outage-").FullName;
    private DynamoDbLocal? _server;

    private DynamoDbLocal Server => _server!;

    public async Task InitializeAsync() => _server = await DynamoDbLocal.StartAsync(new DynamoDbLocalOptions { DbPath = _folder });

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_write_during_an_outage_is_retried_with_backoff_until_DynamoDB_is_back()
    {
        var table = DynamoDbLocalConnection.UniqueName("outage");
        using var patient = await StartAsync(Server, table, o =>
        {
            o.MaxAttempts = 200;
            o.FirstRetryDelay = TimeSpan.FromMilliseconds(20);
            o.MaxRetryDelay = TimeSpan.FromMilliseconds(250);
            o.RequestTimeout = TimeSpan.FromSeconds(2);
        });
        using var impatient = await StartAsync(Server, table, o => o.MaxAttempts = 1);
        var grain = Grain("4000");
        var state = await ReadAsync(patient, grain);
        state.State!.Count = 1;
        await patient.WriteStateAsync(StateName, grain, state);

        await Server.StopAsync();

        // Without retries the outage surfaces at once.
        await Assert.ThrowsAnyAsync<Exception>(() => ReadAsync(impatient, grain));

        state.State!.Count = 2;
        var write = patient.WriteStateAsync(StateName, grain, state);
        await Task.WhenAny(write, Task.Delay(TimeSpan.FromMilliseconds(500)));
        Assert.False(write.IsCompleted, $"The write ended while DynamoDB was down: {write.Exception?.GetBaseException().Message}");

        await Server.RestartAsync();
        await write.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal("2", state.ETag);
        var read = await ReadAsync(impatient, grain);
        Assert.Equal(2, read.State!.Count);
        Assert.Equal("2", read.ETag);
    }
}
