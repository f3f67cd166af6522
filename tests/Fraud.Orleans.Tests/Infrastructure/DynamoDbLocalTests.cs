using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Fraud.Orleans.Embedded;
using Xunit.Abstractions;

namespace Fraud.Orleans.Tests.Infrastructure;

// In the shared collection even where a test starts its own server: JVMs starting side by side on a
// two-core machine slow each other down, so these run one after another.
[Collection(DynamoDbLocalCollection.Name)]
public sealed class DynamoDbLocalTests(DynamoDbLocalFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan ExitDeadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Shared_server_serves_the_collection()
    {
        var table = await CreateTableAsync(fixture.Client, DynamoDbLocalFixture.UniqueTableName("shared"));

        await PutAsync(fixture.Client, table, "card-1", "42");

        Assert.Equal("42", await GetAmountAsync(fixture.Client, table, "card-1"));
        Assert.True(fixture.Server.IsRunning);
    }

    [Fact]
    public async Task Put_get_conditional_put_then_stop_ends_the_java_process()
    {
        var clock = Stopwatch.StartNew();
        var server = await DynamoDbLocal.StartAsync();
        output.WriteLine($"in-memory start: {clock.ElapsedMilliseconds} ms, port {server.Port}");
        try
        {
            Assert.Equal($"http://127.0.0.1:{server.Port}/", server.ServiceUrl.ToString());
            using var client = server.CreateClient();
            var table = await CreateTableAsync(client, "cards");

            await PutAsync(client, table, "card-1", "10");
            Assert.Equal("10", await GetAmountAsync(client, table, "card-1"));

            await Assert.ThrowsAsync<ConditionalCheckFailedException>(() => client.PutItemAsync(new PutItemRequest
            {
                TableName = table,
                Item = Item("card-1", "20"),
                ConditionExpression = "attribute_not_exists(pk)",
            }));
            Assert.Equal("10", await GetAmountAsync(client, table, "card-1"));

            var pid = server.ProcessId ?? throw new InvalidOperationException("no process id while running");
            using var java = Process.GetProcessById(pid);

            await server.StopAsync();

            Assert.False(server.IsRunning);
            Assert.Null(server.ProcessId);
            Assert.True(java.WaitForExit(ExitDeadline), $"java pid {pid} is still running after StopAsync");
            Assert.Contains("Initializing DynamoDB Local", server.RecentLog, StringComparison.Ordinal);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task RestartAsync_keeps_the_port_and_the_data_of_a_DbPath()
    {
        var dbPath = Directory.CreateTempSubdirectory("ddb-local-test-").FullName;
        try
        {
            var clock = Stopwatch.StartNew();
            using var server = await DynamoDbLocal.StartAsync(new DynamoDbLocalOptions { DbPath = dbPath });
            output.WriteLine($"dbPath start: {clock.ElapsedMilliseconds} ms");
            using var client = server.CreateClient();
            var table = await CreateTableAsync(client, "cards");
            await PutAsync(client, table, "card-7", "77");
            var port = server.Port;
            var firstPid = server.ProcessId;

            clock.Restart();
            await server.RestartAsync();
            output.WriteLine($"restart: {clock.ElapsedMilliseconds} ms");

            Assert.Equal(port, server.Port);
            Assert.NotEqual(firstPid, server.ProcessId);

            // The client from before the restart: its pooled connections died with the old JVM.
            Assert.Equal("77", await GetAmountAsync(client, table, "card-7"));
        }
        finally
        {
            Directory.Delete(dbPath, recursive: true);
        }
    }

    [Fact]
    public async Task Dispose_without_stop_ends_the_java_process()
    {
        var server = await DynamoDbLocal.StartAsync();
        using var java = Process.GetProcessById(server.ProcessId!.Value);

        server.Dispose();
        server.Dispose();

        Assert.True(java.WaitForExit(ExitDeadline));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => server.RestartAsync());
    }

    [Fact]
    public async Task A_missing_java_fails_fast_and_says_so()
    {
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<DynamoDbLocalException>(() =>
            DynamoDbLocal.StartAsync(new DynamoDbLocalOptions { JavaPath = "/nonexistent/bin/java" }));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Contains("/nonexistent/bin/java", error.Message, StringComparison.Ordinal);
        Assert.Contains("Java", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_java_that_exits_at_once_fails_fast_with_its_exit_code()
    {
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<DynamoDbLocalException>(() =>
            DynamoDbLocal.StartAsync(new DynamoDbLocalOptions { JavaPath = "/bin/false" }));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Contains("exited with code 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_jvm_option_fails_with_the_jvms_own_message()
    {
        var error = await Assert.ThrowsAsync<DynamoDbLocalException>(() =>
            DynamoDbLocal.StartAsync(new DynamoDbLocalOptions { JvmOptions = ["-XX:+NoSuchJvmFlag"] }));

        Assert.Contains("NoSuchJvmFlag", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_in_use_is_refused_before_starting_java()
    {
        using var squatter = new TcpListener(IPAddress.Any, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;

        var error = await Assert.ThrowsAsync<DynamoDbLocalException>(() =>
            DynamoDbLocal.StartAsync(new DynamoDbLocalOptions { Port = port }));

        Assert.Contains($"port {port} is already in use", error.Message, StringComparison.Ordinal);
    }

    private static async Task<string> CreateTableAsync(IAmazonDynamoDB client, string name)
    {
        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
        });
        return name;
    }

    private static Task PutAsync(IAmazonDynamoDB client, string table, string key, string amount) =>
        client.PutItemAsync(new PutItemRequest { TableName = table, Item = Item(key, amount) });

    private static async Task<string?> GetAmountAsync(IAmazonDynamoDB client, string table, string key)
    {
        var response = await client.GetItemAsync(new GetItemRequest
        {
            TableName = table,
            Key = new Dictionary<string, AttributeValue> { ["pk"] = new() { S = key } },
            ConsistentRead = true,
        });
        return response.Item is { } item && item.TryGetValue("amount", out var amount) ? amount.N : null;
    }

    private static Dictionary<string, AttributeValue> Item(string key, string amount) => new()
    {
        ["pk"] = new AttributeValue { S = key },
        ["amount"] = new AttributeValue { N = amount },
    };
}
