using Amazon.DynamoDBv2.Model;
using Fraud.Orleans.IntegrationTests.Support;
using Fraud.Orleans.Tests.Infrastructure;
using Fraud.Orleans.Storage.DynamoDB;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using static Fraud.Orleans.IntegrationTests.Persistence.StorageHarness;

namespace Fraud.Orleans.IntegrationTests.Persistence;

[Collection(DynamoDbLocalCollection.Name)]
public sealed class DynamoDBGrainStorageTests(DynamoDbLocalFixture dynamo)
{
    private readonly string _table = DynamoDbLocalConnection.UniqueName("grains");

    [Fact]
    public async Task Reads_at_once_share_requests_and_each_gets_its_own_state_or_none()
    {
        // One request slot: the reads behind the first go together, many keys to a BatchGetItem (and over its 100).
        using var storage = await StartAsync(dynamo.Server, _table, o => o.MaxReadRequestsInFlight = 1);
        var written = Enumerable.Range(0, 150).Select(i => $"batch-{i}").ToList();
        foreach (var (key, i) in written.Select((k, i) => (k, i)))
        {
            var state = await ReadAsync(storage, Grain(key));
            state.State!.Count = i + 1;
            await storage.WriteStateAsync(StateName, Grain(key), state);
        }

        // Written and missing keys mixed, and every written key asked for twice at the same time.
        var keys = written.Concat(Enumerable.Range(0, 100).Select(i => $"missing-{i}")).Concat(written).ToList();
        var reads = keys.Select(k => ReadAsync(storage, Grain(k))).ToList();
        var states = await Task.WhenAll(reads);

        for (var i = 0; i < keys.Count; i++)
        {
            var expected = written.IndexOf(keys[i]) + 1;
            Assert.True(expected == 0 ? states[i].ETag is null && !states[i].RecordExists : states[i].ETag == "1" && states[i].RecordExists,
                $"{keys[i]}: etag {states[i].ETag}, exists {states[i].RecordExists}");
            Assert.Equal(expected, states[i].State!.Count);
        }
    }

    [Fact]
    public async Task A_written_state_reads_back_with_its_etag_through_the_configured_serializer()
    {
        var serializer = new JsonTestSerializer();
        using var storage = await StartAsync(dynamo.Server, _table, serializer: serializer);
        var grain = Grain("4111");

        var fresh = await ReadAsync(storage, grain);
        Assert.False(fresh.RecordExists);
        Assert.Null(fresh.ETag);
        Assert.NotNull(fresh.State);

        fresh.State!.Count = 3;
        fresh.State!.Seen.Add("tx-1");
        await storage.WriteStateAsync(StateName, grain, fresh);
        fresh.State!.Count = 4;
        await storage.WriteStateAsync(StateName, grain, fresh);

        var read = await ReadAsync(storage, grain);
        Assert.True(read.RecordExists);
        Assert.Equal(fresh.ETag, read.ETag);
        Assert.Equal("2", read.ETag);
        Assert.Equal(4, read.State!.Count);
        Assert.Equal(["tx-1"], read.State!.Seen);
        Assert.Equal(2, serializer.Serialized);

        // Another state name or another grain is another item.
        var other = new GrainState<TestState>();
        await storage.ReadStateAsync("other", grain, other);
        Assert.False(other.RecordExists);
        Assert.False((await ReadAsync(storage, Grain("4112"))).RecordExists);
    }

    [Fact]
    public async Task A_write_from_a_stale_etag_fails_with_InconsistentStateException_and_changes_nothing()
    {
        using var storage = await StartAsync(dynamo.Server, _table);
        var grain = Grain("5500");
        var first = await ReadAsync(storage, grain);
        var second = await ReadAsync(storage, grain);

        first.State!.Count = 1;
        await storage.WriteStateAsync(StateName, grain, first);

        // Both read "nothing stored": only the first to write may create the item.
        second.State!.Count = 99;
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grain, second));
        Assert.Equal("1", conflict.StoredEtag);

        var reread = await ReadAsync(storage, grain);
        reread.State!.Count = 2;
        await storage.WriteStateAsync(StateName, grain, reread);

        // The first writer's ETag is stale now too.
        first.State!.Count = 100;
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grain, first));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(StateName, grain, first));
        Assert.Equal(2, (await ReadAsync(storage, grain)).State!.Count);
    }

    [Fact]
    public async Task Clear_deletes_the_item_when_configured_so_and_the_grain_can_start_again()
    {
        using var storage = await StartAsync(dynamo.Server, _table, o => o.DeleteStateOnClear = true);
        var grain = Grain("6011");
        var state = await ReadAsync(storage, grain);
        state.State!.Count = 7;
        await storage.WriteStateAsync(StateName, grain, state);

        await storage.ClearStateAsync(StateName, grain, state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal(0, state.State!.Count);
        Assert.Empty((await GetItemAsync(grain)) ?? []);
        var reread = await ReadAsync(storage, grain);
        Assert.False(reread.RecordExists);

        state.State!.Count = 1;
        await storage.WriteStateAsync(StateName, grain, state);
        Assert.Equal(1, (await ReadAsync(storage, grain)).State!.Count);
    }

    [Fact]
    public async Task Clear_without_delete_keeps_counting_etags_so_a_writer_from_before_the_clear_still_fails()
    {
        using var storage = await StartAsync(dynamo.Server, _table);
        var grain = Grain("3530");
        var state = await ReadAsync(storage, grain);
        state.State!.Count = 5;
        await storage.WriteStateAsync(StateName, grain, state);
        var stale = await ReadAsync(storage, grain);

        await storage.ClearStateAsync(StateName, grain, state);

        Assert.False(state.RecordExists);
        Assert.Equal("2", state.ETag);
        var item = await GetItemAsync(grain);
        Assert.NotNull(item);
        Assert.False(item.ContainsKey("State"));
        var reread = await ReadAsync(storage, grain);
        Assert.False(reread.RecordExists);
        Assert.Equal("2", reread.ETag);

        stale.State!.Count = 6;
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grain, stale));
    }

    [Fact]
    public async Task A_missing_table_fails_start_up_with_a_clear_error_unless_creation_is_allowed()
    {
        using var forbidden = Create(dynamo.Server, _table, o => o.CreateIfNotExists = false);
        var error = await Assert.ThrowsAsync<DynamoDBTableMissingException>(() => forbidden.InitAsync(CancellationToken.None));
        Assert.Contains(_table, error.Message, StringComparison.Ordinal);
        Assert.Contains("CreateIfNotExists", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => dynamo.Client.DescribeTableAsync(_table));

        // Not initialised: a read says so instead of failing somewhere inside the SDK.
        await Assert.ThrowsAsync<InvalidOperationException>(() => ReadAsync(forbidden, Grain("1")));

        using var allowed = await StartAsync(dynamo.Server, _table);
        var table = await dynamo.Client.DescribeTableAsync(_table);
        Assert.Equal("ACTIVE", table.Table.TableStatus.Value);

        // A second silo finds the table there.
        using var second = await StartAsync(dynamo.Server, _table, o => o.CreateIfNotExists = false);
    }

    [Fact]
    public async Task A_table_with_another_key_schema_is_refused()
    {
        await dynamo.Client.CreateTableAsync(new CreateTableRequest
        {
            TableName = _table,
            BillingMode = Amazon.DynamoDBv2.BillingMode.PAY_PER_REQUEST,
            KeySchema = [new KeySchemaElement("grainId", Amazon.DynamoDBv2.KeyType.HASH)],
            AttributeDefinitions = [new AttributeDefinition("grainId", Amazon.DynamoDBv2.ScalarAttributeType.S)],
        });

        using var storage = Create(dynamo.Server, _table);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => storage.InitAsync(CancellationToken.None));
        Assert.Contains("grainId HASH", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fenced_write_fails_once_a_higher_fence_token_has_written_the_item()
    {
        var fence = new SettableFence();
        using var storage = await StartAsync(dynamo.Server, _table, fence: fence);
        var grain = Grain("3782");

        fence.Token = 2;
        var owner = await ReadAsync(storage, grain);
        owner.State!.Count = 1;
        await storage.WriteStateAsync(StateName, grain, owner);

        // A former owner with an up-to-date ETag but a lower epoch: fenced.
        fence.Token = 1;
        var zombie = await ReadAsync(storage, grain);
        zombie.State!.Count = 666;
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grain, zombie));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(StateName, grain, zombie));

        // The same or a newer epoch writes, and the newer one is stored.
        fence.Token = 3;
        zombie.State!.Count = 2;
        await storage.WriteStateAsync(StateName, grain, zombie);
        Assert.Equal("3", (await GetItemAsync(grain))!["Fence"].N);

        // A write outside any fence neither checks nor clears it.
        fence.Token = null;
        zombie.State!.Count = 3;
        await storage.WriteStateAsync(StateName, grain, zombie);
        Assert.Equal("3", (await GetItemAsync(grain))!["Fence"].N);
        Assert.Equal(3, (await ReadAsync(storage, grain)).State!.Count);
    }

    [Fact]
    public async Task A_write_whose_reply_was_lost_does_not_fence_its_own_owner()
    {
        var fence = new SettableFence { Token = 4 };
        using var storage = await StartAsync(dynamo.Server, _table, fence: fence);
        var grain = Grain("5105");
        var state = await ReadAsync(storage, grain);
        state.State!.Count = 1;

        // The first write lands but its caller never learns it (a time-out): the grain keeps no ETag.
        var landed = new GrainState<TestState> { State = new TestState { Count = 1 }, ETag = state.ETag };
        await storage.WriteStateAsync(StateName, grain, landed);
        state.State.Count = 2;
        await storage.WriteStateAsync(StateName, grain, state);

        Assert.Equal(2, (await ReadAsync(storage, grain)).State!.Count);

        // Another owner's fence is still a conflict.
        fence.Token = 3;
        state.State.Count = 3;
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grain, state));
    }

    [Fact]
    public async Task A_higher_fence_token_overwrites_what_a_superseded_writer_wrote_after_the_new_owner_read()
    {
        var fence = new SettableFence();
        using var storage = await StartAsync(dynamo.Server, _table, fence: fence);
        var grain = Grain("6011");

        fence.Token = 1;
        var former = await ReadAsync(storage, grain);
        former.State!.Count = 1;
        await storage.WriteStateAsync(StateName, grain, former);

        // The new owner (epoch 2) reads; the former one, not yet told, writes once more after that read.
        fence.Token = 2;
        var owner = await ReadAsync(storage, grain);
        fence.Token = 1;
        former.State!.Count = 5;
        await storage.WriteStateAsync(StateName, grain, former);

        // The new owner's write still lands: its state, rebuilt from what was committed, is the authority.
        fence.Token = 2;
        owner.State!.Count = 2;
        await storage.WriteStateAsync(StateName, grain, owner);
        var stored = await GetItemAsync(grain);
        Assert.Equal("2", stored!["Fence"].N);
        Assert.Equal(owner.ETag, stored["ETag"].N);
        Assert.Equal(2, (await ReadAsync(storage, grain)).State!.Count);

        // The former owner is fenced from now on, and without a fence the same race is an ETag conflict as ever.
        fence.Token = 1;
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grain, former));
        fence.Token = null;
        var stale = await ReadAsync(storage, grain);
        var fresh = await ReadAsync(storage, grain);
        fresh.State!.Count = 7;
        await storage.WriteStateAsync(StateName, grain, fresh);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grain, stale));
    }

    private async Task<Dictionary<string, AttributeValue>?> GetItemAsync(GrainId grain)
    {
        var response = await dynamo.Client.GetItemAsync(new GetItemRequest
        {
            TableName = _table,
            Key = new() { ["Id"] = new AttributeValue { S = $"service-a/{StateName}/{grain}" } },
            ConsistentRead = true,
        });
        return response.Item is { Count: > 0 } item ? item : null;
    }

    private sealed class SettableFence : IDynamoDBWriteFence
    {
        public long? Token { get; set; }

        public long? GetToken(string stateName, GrainId grainId) => Token;
    }
}
