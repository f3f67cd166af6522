using System.Net;
using Fraud.Orleans.IntegrationTests.Support;
using Fraud.Orleans.Tests.Infrastructure;
using Fraud.Orleans.Storage.DynamoDB;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using static Fraud.Orleans.IntegrationTests.Clustering.MembershipHarness;

namespace Fraud.Orleans.IntegrationTests.Clustering;

/// <summary>Orleans' membership-table contract (see IMembershipTable's documentation) on DynamoDB Local.</summary>
[Collection(DynamoDbLocalCollection.Name)]
public sealed class DynamoDBMembershipTableTests(DynamoDbLocalFixture dynamo)
{
    private readonly string _table = DynamoDbLocalConnection.UniqueName("membership");
    private readonly string _cluster = DynamoDbLocalConnection.UniqueName("cluster");

    [Fact]
    public async Task A_new_table_reads_empty_at_version_zero_and_a_second_initialisation_keeps_the_data()
    {
        using var table = await StartAsync(dynamo.Server, _table, _cluster);

        var empty = await table.ReadAll();
        Assert.Empty(empty.Members);
        Assert.Equal(0, empty.Version.Version);

        Assert.True(await table.InsertRow(Entry(100, SiloStatus.Joining), empty.Version.Next()));
        using var again = await StartAsync(dynamo.Server, _table, _cluster);
        var read = await again.ReadAll();
        Assert.Single(read.Members);
        Assert.Equal(1, read.Version.Version);
    }

    [Fact]
    public async Task Insert_then_update_round_trips_every_field_and_moves_the_version_by_one_each_time()
    {
        using var table = await StartAsync(dynamo.Server, _table, _cluster);
        var entry = Entry(100, SiloStatus.Joining);
        entry.AddSuspector(SiloAddress.New(IPAddress.Loopback, 200, 7), new DateTime(2026, 12, 4, 10, 0, 2, DateTimeKind.Utc));

        Assert.True(await table.InsertRow(entry, (await table.ReadAll()).Version.Next()));

        var afterInsert = await table.ReadAll();
        var (stored, etag) = Assert.Single(afterInsert.Members);
        Assert.Equal(1, afterInsert.Version.Version);
        AssertSame(entry, stored);

        stored.Status = SiloStatus.Active;
        stored.SuspectTimes = [];
        stored.HostName = null!;
        Assert.True(await table.UpdateRow(stored, etag, afterInsert.Version.Next()));

        var afterUpdate = await table.ReadRow(entry.SiloAddress);
        var (updated, newEtag) = Assert.Single(afterUpdate.Members);
        Assert.Equal(2, afterUpdate.Version.Version);
        Assert.NotEqual(etag, newEtag);
        Assert.NotEqual(afterInsert.Version.VersionEtag, afterUpdate.Version.VersionEtag);
        Assert.Equal(SiloStatus.Active, updated.Status);
        Assert.Empty(updated.SuspectTimes ?? [new(entry.SiloAddress, default)]);
        Assert.Null(updated.HostName);
    }

    [Fact]
    public async Task Writes_with_a_stale_table_version_or_row_etag_return_false_without_side_effects()
    {
        using var table = await StartAsync(dynamo.Server, _table, _cluster);
        var v0 = (await table.ReadAll()).Version;
        Assert.True(await table.InsertRow(Entry(100, SiloStatus.Joining), v0.Next()));

        // Stale table version: the insert and the update are refused.
        Assert.False(await table.InsertRow(Entry(101, SiloStatus.Joining), v0.Next()));
        var v1 = await table.ReadAll();
        var (entry, etag) = Assert.Single(v1.Members);
        entry.Status = SiloStatus.Active;
        Assert.False(await table.UpdateRow(entry, etag, v0.Next()));

        // The next version number with an ETag that is not the table's: refused too.
        Assert.False(await table.InsertRow(Entry(101, SiloStatus.Joining), new TableVersion(v1.Version.Version + 1, "999")));

        // Duplicate silo: refused even with the current version.
        Assert.False(await table.InsertRow(Entry(100, SiloStatus.Joining), v1.Version.Next()));

        // Current version but a stale row ETag.
        Assert.True(await table.UpdateRow(entry, etag, v1.Version.Next()));
        var v2 = await table.ReadAll();
        entry.Status = SiloStatus.ShuttingDown;
        Assert.False(await table.UpdateRow(entry, etag, v2.Version.Next()));

        // A row that does not exist cannot be updated; an ETag that is not ours is refused.
        Assert.False(await table.UpdateRow(Entry(300, SiloStatus.Active), "1", v2.Version.Next()));
        Assert.False(await table.UpdateRow(entry, "not-a-number", v2.Version.Next()));

        var final = await table.ReadAll();
        Assert.Equal(v2.Version, final.Version);
        var (unchanged, _) = Assert.Single(final.Members);
        Assert.Equal(SiloStatus.Active, unchanged.Status);
    }

    [Fact]
    public async Task Of_silos_racing_on_the_same_table_version_exactly_one_wins()
    {
        using var table = await StartAsync(dynamo.Server, _table, _cluster);
        var version = (await table.ReadAll()).Version;

        var results = await Task.WhenAll(Enumerable.Range(0, 8)
            .Select(i => Task.Run(() => table.InsertRow(Entry(100 + i, SiloStatus.Joining), version.Next()))));

        Assert.Equal(1, results.Count(r => r));
        var read = await table.ReadAll();
        Assert.Single(read.Members);
        Assert.Equal(1, read.Version.Version);
    }

    [Fact]
    public async Task ReadRow_returns_one_silo_with_the_table_version_and_nothing_for_an_unknown_silo()
    {
        using var table = await StartAsync(dynamo.Server, _table, _cluster);
        Assert.True(await table.InsertRow(Entry(100, SiloStatus.Active), (await table.ReadAll()).Version.Next()));
        Assert.True(await table.InsertRow(Entry(101, SiloStatus.Active), (await table.ReadAll()).Version.Next()));

        var one = await table.ReadRow(Entry(101, SiloStatus.Active).SiloAddress);
        var unknown = await table.ReadRow(Entry(102, SiloStatus.Active).SiloAddress);

        Assert.Equal(101, Assert.Single(one.Members).Item1.SiloAddress.Endpoint.Port);
        Assert.Equal(2, one.Version.Version);
        Assert.Empty(unknown.Members);
        Assert.Equal(2, unknown.Version.Version);
    }

    [Fact]
    public async Task IAmAlive_moves_only_forward_and_changes_neither_the_row_etag_nor_the_table_version()
    {
        using var table = await StartAsync(dynamo.Server, _table, _cluster);
        var entry = Entry(100, SiloStatus.Active);
        Assert.True(await table.InsertRow(entry, (await table.ReadAll()).Version.Next()));
        var before = await table.ReadAll();

        entry.IAmAliveTime = entry.IAmAliveTime.AddSeconds(10);
        await table.UpdateIAmAlive(entry);
        var newer = entry.IAmAliveTime;
        entry.IAmAliveTime = entry.IAmAliveTime.AddSeconds(-5);
        await table.UpdateIAmAlive(entry);

        var after = await table.ReadAll();
        Assert.Equal(newer, Assert.Single(after.Members).Item1.IAmAliveTime);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Members[0].Item2, after.Members[0].Item2);

        // An update carrying an older heartbeat does not move it back either.
        var (stored, etag) = after.Members[0];
        stored.IAmAliveTime = newer.AddSeconds(-30);
        Assert.True(await table.UpdateRow(stored, etag, after.Version.Next()));
        Assert.Equal(newer, Assert.Single((await table.ReadAll()).Members).Item1.IAmAliveTime);
    }

    [Fact]
    public async Task A_dead_silo_stays_dead()
    {
        using var table = await StartAsync(dynamo.Server, _table, _cluster);
        var entry = Entry(100, SiloStatus.Active);
        Assert.True(await table.InsertRow(entry, (await table.ReadAll()).Version.Next()));
        var read = await table.ReadAll();
        entry.Status = SiloStatus.Dead;
        Assert.True(await table.UpdateRow(entry, read.Members[0].Item2, read.Version.Next()));

        read = await table.ReadAll();
        entry.Status = SiloStatus.Active;
        Assert.False(await table.UpdateRow(entry, read.Members[0].Item2, read.Version.Next()));
        Assert.Equal(SiloStatus.Dead, Assert.Single((await table.ReadAll()).Members).Item1.Status);
    }

    [Fact]
    public async Task Cleanup_removes_only_dead_silos_last_seen_before_the_date()
    {
        using var table = await StartAsync(dynamo.Server, _table, _cluster);
        var cutoff = new DateTime(2026, 12, 4, 12, 0, 0, DateTimeKind.Utc);
        var oldDead = Entry(100, SiloStatus.Dead, alive: cutoff.AddHours(-1));
        var recentDead = Entry(101, SiloStatus.Dead, alive: cutoff.AddHours(1));
        var oldActive = Entry(102, SiloStatus.Active, alive: cutoff.AddHours(-1));
        foreach (var entry in new[] { oldDead, recentDead, oldActive })
        {
            Assert.True(await table.InsertRow(entry, (await table.ReadAll()).Version.Next()));
        }

        await table.CleanupDefunctSiloEntries(cutoff);

        var left = (await table.ReadAll()).Members.Select(m => m.Item1.SiloAddress.Endpoint.Port).Order().ToList();
        Assert.Equal([101, 102], left);
    }

    [Fact]
    public async Task Deleting_a_cluster_removes_its_rows_and_keeps_other_clusters_in_the_same_table()
    {
        var otherCluster = DynamoDbLocalConnection.UniqueName("other");
        using var table = await StartAsync(dynamo.Server, _table, _cluster);
        using var other = await StartAsync(dynamo.Server, _table, otherCluster);
        Assert.True(await table.InsertRow(Entry(100, SiloStatus.Active), (await table.ReadAll()).Version.Next()));
        Assert.True(await other.InsertRow(Entry(100, SiloStatus.Active), (await other.ReadAll()).Version.Next()));

        await table.DeleteMembershipTableEntries(_cluster);

        var gone = await table.ReadAll();
        Assert.Empty(gone.Members);
        Assert.Equal(0, gone.Version.Version);
        Assert.Single((await other.ReadAll()).Members);
    }

    [Fact]
    public async Task The_gateway_list_has_the_proxy_endpoints_of_active_silos_only()
    {
        using var table = await StartAsync(dynamo.Server, _table, _cluster);
        Assert.True(await table.InsertRow(Entry(100, SiloStatus.Active), (await table.ReadAll()).Version.Next()));
        Assert.True(await table.InsertRow(Entry(101, SiloStatus.Joining), (await table.ReadAll()).Version.Next()));
        Assert.True(await table.InsertRow(Entry(102, SiloStatus.Dead), (await table.ReadAll()).Version.Next()));

        using var clientTable = await StartAsync(dynamo.Server, _table, _cluster, tryInitTableVersion: false);
        var gateways = new DynamoDBGatewayListProvider(clientTable, Options.Create(new GatewayOptions()));
        await gateways.InitializeGatewayListProvider();
        var list = await gateways.GetGateways();

        var gateway = Assert.Single(list);
        Assert.Equal(1100, gateway.ToGatewayAddress()!.Endpoint.Port);
        Assert.True(gateways.IsUpdatable);
    }

    private static void AssertSame(MembershipEntry expected, MembershipEntry actual)
    {
        Assert.Equal(expected.SiloAddress, actual.SiloAddress);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.ProxyPort, actual.ProxyPort);
        Assert.Equal(expected.HostName, actual.HostName);
        Assert.Equal(expected.SiloName, actual.SiloName);
        Assert.Equal(expected.RoleName, actual.RoleName);
        Assert.Equal(expected.UpdateZone, actual.UpdateZone);
        Assert.Equal(expected.FaultZone, actual.FaultZone);
        Assert.Equal(expected.StartTime, actual.StartTime);
        Assert.Equal(expected.IAmAliveTime, actual.IAmAliveTime);
        Assert.Equal(expected.SuspectTimes, actual.SuspectTimes);
    }
}
