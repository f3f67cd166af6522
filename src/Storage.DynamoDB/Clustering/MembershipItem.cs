using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Orleans;
using Orleans.Runtime;

namespace Fraud.Orleans.Storage.DynamoDB;

/// <summary>
/// The items of the membership table. Partition key: the cluster id; sort key: <see cref="VersionRow"/> for the
/// table version, the silo address for a silo. A silo item carries its ETag and the table version of its last
/// write (<see cref="WrittenAtAttribute"/>), with which a read can tell whether it saw a consistent snapshot.
/// Times are stored as UTC ticks so that conditions can compare them.
/// </summary>
internal static class MembershipItem
{
    public const string ClusterAttribute = "ClusterId";
    public const string RowAttribute = "Row";
    public const string VersionRow = "$version";
    public const string VersionAttribute = "Version";
    public const string ETagAttribute = "ETag";
    public const string WrittenAtAttribute = "WrittenAtVersion";
    public const string StatusAttribute = "Status";
    public const string IAmAliveAttribute = "IAmAliveTime";
    public const string StartTimeAttribute = "StartTime";

    private const string ProxyPortAttribute = "ProxyPort";
    private const string HostNameAttribute = "HostName";
    private const string SiloNameAttribute = "SiloName";
    private const string RoleNameAttribute = "RoleName";
    private const string UpdateZoneAttribute = "UpdateZone";
    private const string FaultZoneAttribute = "FaultZone";

    private const string SuspectTimesAttribute = "SuspectTimes";
    private const string SuspectSilo = "Silo";
    private const string SuspectTime = "Time";

    public static Dictionary<string, AttributeValue> Key(string clusterId, string row) => new()
    {
        [ClusterAttribute] = new AttributeValue { S = clusterId },
        [RowAttribute] = new AttributeValue { S = row },
    };

    public static string RowOf(SiloAddress silo) => silo.ToParsableString();

    /// <summary>Every attribute of a silo item except the keys, ETag and heartbeat; <c>null</c> values are to be removed.</summary>
    public static Dictionary<string, AttributeValue?> Fields(MembershipEntry entry, int tableVersion) => new()
    {
        [WrittenAtAttribute] = Number(tableVersion),
        [StatusAttribute] = Number((int)entry.Status),
        [ProxyPortAttribute] = Number(entry.ProxyPort),
        [HostNameAttribute] = Text(entry.HostName),
        [SiloNameAttribute] = Text(entry.SiloName),
        [RoleNameAttribute] = Text(entry.RoleName),
        [UpdateZoneAttribute] = Number(entry.UpdateZone),
        [FaultZoneAttribute] = Number(entry.FaultZone),
        [StartTimeAttribute] = Ticks(entry.StartTime),
        [SuspectTimesAttribute] = entry.SuspectTimes is { } votes
            ? new AttributeValue
            {
                L = [.. votes.Select(v => new AttributeValue
                {
                    M = new() { [SuspectSilo] = new AttributeValue { S = v.Item1.ToParsableString() }, [SuspectTime] = Ticks(v.Item2) },
                })],
                // An empty list must still be sent as a list.
                IsLSet = true,
            }
            : null,
    };

    public static MembershipEntry ToEntry(Dictionary<string, AttributeValue> item) => new()
    {
        SiloAddress = SiloAddress.FromParsableString(item[RowAttribute].S),
        Status = (SiloStatus)IntOf(item, StatusAttribute),
        ProxyPort = IntOf(item, ProxyPortAttribute),
        HostName = TextOf(item, HostNameAttribute)!,
        SiloName = TextOf(item, SiloNameAttribute)!,
        RoleName = TextOf(item, RoleNameAttribute)!,
        UpdateZone = IntOf(item, UpdateZoneAttribute),
        FaultZone = IntOf(item, FaultZoneAttribute),
        StartTime = TimeOf(item, StartTimeAttribute),
        IAmAliveTime = TimeOf(item, IAmAliveAttribute),
        SuspectTimes = item.TryGetValue(SuspectTimesAttribute, out var votes) && votes.L is { } list
            ? [.. list.Select(v => Tuple.Create(SiloAddress.FromParsableString(v.M[SuspectSilo].S), ToTime(v.M[SuspectTime])))]
            : null!,
    };

    public static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    public static AttributeValue Ticks(DateTime time) => Number(time.ToUniversalTime().Ticks);

    public static long LongOf(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.N is { } n ? long.Parse(n, CultureInfo.InvariantCulture) : 0;

    public static DateTime TimeOf(Dictionary<string, AttributeValue> item, string name) =>
        new(LongOf(item, name), DateTimeKind.Utc);

    private static int IntOf(Dictionary<string, AttributeValue> item, string name) => (int)LongOf(item, name);

    private static AttributeValue? Text(string? value) => value is null ? null : new AttributeValue { S = value };

    private static string? TextOf(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) ? value.S : null;

    private static DateTime ToTime(AttributeValue value) => new(long.Parse(value.N, CultureInfo.InvariantCulture), DateTimeKind.Utc);
}
