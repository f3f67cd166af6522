using System.Net;
using Fraud.Orleans.IntegrationTests.Support;
using Fraud.Orleans.Embedded;
using Fraud.Orleans.Storage.DynamoDB;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;

namespace Fraud.Orleans.IntegrationTests.Clustering;

/// <summary>Membership tables and entries for the protocol tests.</summary>
internal static class MembershipHarness
{
    public static async Task<DynamoDBMembershipTable> StartAsync(DynamoDbLocal server, string table, string clusterId, bool tryInitTableVersion = true)
    {
        var membership = new DynamoDBMembershipTable(
            Options.Create(DynamoDbLocalConnection.Connect(new DynamoDBClusteringOptions(), server, table)),
            Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = "service-a" }),
            TimeProvider.System,
            NullLogger<DynamoDBMembershipTable>.Instance);
        await membership.InitializeMembershipTable(tryInitTableVersion);
        return membership;
    }

    public static MembershipEntry Entry(int port, SiloStatus status, int generation = 1, DateTime? alive = null) => new()
    {
        SiloAddress = SiloAddress.New(IPAddress.Loopback, port, generation),
        Status = status,
        ProxyPort = port + 1000,
        HostName = "host-" + port,
        SiloName = "silo-" + port,
        RoleName = null!,
        UpdateZone = 1,
        FaultZone = 2,
        StartTime = new DateTime(2026, 12, 4, 10, 0, 0, DateTimeKind.Utc),
        IAmAliveTime = alive ?? new DateTime(2026, 12, 4, 10, 0, 1, DateTimeKind.Utc),
    };
}
