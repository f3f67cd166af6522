using Amazon.DynamoDBv2;
using Fraud.Orleans.Grains;
using Fraud.Orleans.Silo.Hosting;

namespace Fraud.Orleans.Tests.Cluster;

/// <summary>The card states our grain storage keeps, read straight from its table: item key <c>{serviceId}/card/card/{cardId}</c>.</summary>
public static class StoredCardStates
{
    private static readonly string Prefix = $"{new ClusterSettings().ServiceId}/{CardGrain.StateName}/{CardGrain.GrainTypeName}/";

    /// <summary>The item key of a card's state.</summary>
    public static string KeyOf(string cardId) => Prefix + cardId;

    /// <summary>Card id → the stored item's ETag, fence (the writer's partition epoch) and state bytes.</summary>
    public static async Task<Dictionary<string, (string ETag, string Fence, byte[] State)>> ScanAsync(IAmazonDynamoDB client, string table) =>
        (await TableScan.AllAsync(client, table, "#id, #e, #f, #s", new() { ["#id"] = "Id", ["#e"] = "ETag", ["#f"] = "Fence", ["#s"] = "State" }))
            .Where(i => i["Id"].S.StartsWith(Prefix, StringComparison.Ordinal) && i.ContainsKey("State"))
            .ToDictionary(
                i => i["Id"].S[Prefix.Length..],
                i => (i["ETag"].N, i.TryGetValue("Fence", out var f) ? f.N : "none", i["State"].B.ToArray()));
}
