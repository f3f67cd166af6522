using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Fraud.Orleans.Embedded;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Silo.Storage;
using Fraud.Orleans.Tests.Integration;
using Fraud.Orleans.Tests.Storage;
using Fraud.Orleans.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fraud.Orleans.Tests.Infrastructure;

/// <summary>
/// The fault-injecting proxy in front of DynamoDB Local: what the SDK makes of each fault, that the shares are
/// honoured and reproducible, and that our storage retries every injected fault until the write lands.
/// </summary>
[Collection(DynamoDbLocalCollection.Name)]
public sealed class DynamoDbFaultProxyTests(DynamoDbLocalFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Without_faults_requests_pass_through_unchanged_and_are_counted()
    {
        await using var proxy = DynamoDbFaultProxy.Start(fixture.Server.ServiceUrl);
        using var client = ClientOf(proxy);
        var table = await CreateTableAsync(client);
        await client.PutItemAsync(table, Item("a", "1"));
        var read = await client.GetItemAsync(table, Key("a"), consistentRead: true);

        Assert.Equal("1", read.Item["v"].S);
        var counts = proxy.Counts;
        Assert.True(counts.Requests >= 3 && counts.Failed == 0 && counts.Slowed == 0, counts.ToString()); // create, put, get
    }

    [Fact]
    public async Task A_throttle_is_ProvisionedThroughputExceeded_and_a_500_is_InternalServerError_both_transient_and_sent_once_by_the_SDK()
    {
        await using var proxy = DynamoDbFaultProxy.Start(fixture.Server.ServiceUrl);
        using var client = ClientOf(proxy);
        var table = await CreateTableAsync(client);

        proxy.Faults = new DynamoDbFaults { Throttle = 1 };
        var before = proxy.Counts.Requests;
        var throttled = await Assert.ThrowsAsync<ProvisionedThroughputExceededException>(() => client.PutItemAsync(table, Item("a", "1")));
        Assert.Equal(before + 1, proxy.Counts.Requests); // MaxErrorRetry = 0: our retry is the only one, and it counts each
        Assert.True(TransientStorageErrors.Match(throttled));
        Assert.True(throttled.Retryable?.Throttling ?? throttled.ErrorCode == "ProvisionedThroughputExceededException", throttled.ErrorCode);

        proxy.Faults = new DynamoDbFaults { Error = 1 };
        var failed = await Assert.ThrowsAsync<InternalServerErrorException>(() => client.PutItemAsync(table, Item("a", "1")));
        Assert.Equal(500, (int)failed.StatusCode);
        Assert.True(TransientStorageErrors.Match(failed));

        proxy.Faults = new DynamoDbFaults { Drop = 1 };
        var dropped = await Assert.ThrowsAnyAsync<Exception>(() => client.PutItemAsync(table, Item("a", "1")));
        Assert.True(TransientStorageErrors.Match(dropped), dropped.ToString());

        proxy.Faults = DynamoDbFaults.None;
        await client.PutItemAsync(table, Item("a", "1"));
        Assert.Equal((1L, 1L, 1L), (proxy.Counts.Throttled, proxy.Counts.Errors, proxy.Counts.Dropped));
    }

    [Fact]
    public async Task The_share_of_faults_is_honoured_and_the_same_seed_faults_the_same_requests()
    {
        var first = await OutcomesAsync(seed: 7);
        var again = await OutcomesAsync(seed: 7);

        var throttled = first.Count(o => o);
        Assert.InRange(throttled, 60, 140); // 30 % of 300, with room for chance (the binomial's sd is 8)
        Assert.Equal(first, again);
    }

    [Fact]
    public async Task Faults_hit_only_the_operations_named()
    {
        await using var proxy = DynamoDbFaultProxy.Start(fixture.Server.ServiceUrl);
        using var client = ClientOf(proxy);
        var table = await CreateTableAsync(client);
        await client.PutItemAsync(table, Item("a", "1"));

        proxy.Faults = new DynamoDbFaults { Throttle = 1, Operations = new HashSet<string> { "PutItem" } };
        await Assert.ThrowsAsync<ProvisionedThroughputExceededException>(() => client.PutItemAsync(table, Item("a", "2")));
        Assert.Equal("1", (await client.GetItemAsync(table, Key("a"), consistentRead: true)).Item["v"].S);
    }

    [Fact]
    public async Task The_signal_writer_retries_throttles_500s_and_dropped_connections_until_every_signal_lands_and_counts_them()
    {
        await using var proxy = DynamoDbFaultProxy.Start(fixture.Server.ServiceUrl, seed: 3);
        var options = new DynamoDbOptions
        {
            ServiceUrl = proxy.ServiceUrl.ToString(),
            StateTable = DynamoDbLocalFixture.UniqueTableName("state"),
            SignalTable = DynamoDbLocalFixture.UniqueTableName("signals"),
            MaxRetryBackoff = TimeSpan.FromMilliseconds(100),
        };
        using var client = DynamoDbClientFactory.Create(options);
        await DynamoDbTables.EnsureCreatedAsync(client, options, CancellationToken.None);
        var meters = TestMeters.NewFactory();
        using var counters = new CounterSums(meters, "fraud.storage.retries", "fraud.storage.backoff");
        var durable = new DurableSignals();
        using var writer = new DynamoDbSignalWriter(client, options, [durable], TimeProvider.System, new StorageMetrics(meters), new StorageLog(NullLogger<StorageLog>.Instance));
        await writer.StartAsync(CancellationToken.None);
        try
        {
            proxy.Faults = new DynamoDbFaults { Throttle = 0.3, Error = 0.1, Drop = 0.1 };
            for (var id = 1; id <= 500; id++)
            {
                writer.Enqueue(new FraudSignal(id, $"card-{id}", 7, 1234, 1_530_000_000_000, default, default, default, 0.25f, Decision.Approve, ReasonCodes.None, "m"), 0);
            }

            await writer.FlushAsync(CancellationToken.None).WaitAsync(Deadline);
            proxy.Faults = DynamoDbFaults.None;

            Assert.Equal(Enumerable.Range(1, 500).Select(i => (long)i), durable.Ids.Order());
            Assert.Equal(500, (await new SignalTable(client, options.SignalTable).ScanAsync()).Count);
            var counts = proxy.Counts;
            Assert.True(counts.Throttled > 0 && counts.Errors > 0 && counts.Dropped > 0, counts.ToString());
            Assert.Equal(counts.Throttled, counters.Sum("fraud.storage.retries", "signal_batch", "throttled"));
            Assert.Equal(counts.Errors + counts.Dropped, counters.Sum("fraud.storage.retries", "signal_batch", "error"));
            Assert.True(counters.Sum("fraud.storage.backoff", "signal_batch") > 0, counters.Describe("fraud.storage.backoff"));
        }
        finally
        {
            writer.Abandon();
            await writer.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Which of 300 GetItem calls, one after the other, were throttled at a 30 % share.</summary>
    private async Task<List<bool>> OutcomesAsync(int seed)
    {
        await using var proxy = DynamoDbFaultProxy.Start(fixture.Server.ServiceUrl, seed: seed);
        using var client = ClientOf(proxy);
        var table = await CreateTableAsync(client);
        proxy.Faults = new DynamoDbFaults { Throttle = 0.3, Operations = new HashSet<string> { "GetItem" } };
        var outcomes = new List<bool>();
        for (var i = 0; i < 300; i++)
        {
            try
            {
                await client.GetItemAsync(table, Key("a"));
                outcomes.Add(false);
            }
            catch (ProvisionedThroughputExceededException)
            {
                outcomes.Add(true);
            }
        }

        Assert.Equal(outcomes.Count(o => o), proxy.Counts.Throttled);
        return outcomes;
    }

    private static IAmazonDynamoDB ClientOf(DynamoDbFaultProxy proxy) =>
        DynamoDbClientFactory.Create(new DynamoDbOptions { ServiceUrl = proxy.ServiceUrl.ToString(), RequestTimeout = TimeSpan.FromSeconds(5) });

    private static async Task<string> CreateTableAsync(IAmazonDynamoDB client)
    {
        var table = DynamoDbLocalFixture.UniqueTableName("proxy");
        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = table,
            KeySchema = [new KeySchemaElement("k", KeyType.HASH)],
            AttributeDefinitions = [new AttributeDefinition("k", ScalarAttributeType.S)],
            BillingMode = BillingMode.PAY_PER_REQUEST,
        });
        return table;
    }

    private static Dictionary<string, AttributeValue> Key(string key) => new() { ["k"] = new AttributeValue { S = key } };

    private static Dictionary<string, AttributeValue> Item(string key, string value) => new(Key(key)) { ["v"] = new AttributeValue { S = value } };
}
