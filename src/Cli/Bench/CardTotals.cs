using System.Text.Json.Serialization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Grains;
using Fraud.Orleans.Silo.Hosting;

namespace Fraud.Orleans.Cli.Bench;

/// <summary>
/// The durable card states against what was sent: every card's stored transaction count and amount sum must equal
/// those of the transactions the bench sent for it, exactly (a replay counted twice, or a change lost, shows).
/// </summary>
public sealed record CardTotals(
    [property: JsonPropertyName("cards")] int Cards,
    [property: JsonPropertyName("wrong")] int Wrong,
    [property: JsonPropertyName("examples")] IReadOnlyList<string> Examples)
{
    /// <summary>Mean size of a card's serialized state (the grain state item's State attribute), in bytes: the capacity model's item size.</summary>
    [JsonPropertyName("state_item_bytes_mean")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? StateItemBytesMean { get; init; }

    private const string StateAttribute = "State";
    private const string IdAttribute = "Id";

    /// <summary>Compares the stored count and sum of each card with those of <paramref name="sent"/>; a card with no state is wrong.</summary>
    public static CardTotals Compare(IEnumerable<Transaction> sent, IReadOnlyDictionary<string, (long Count, long Sum)> stored)
    {
        var expected = new Dictionary<string, (long Count, long Sum)>(StringComparer.Ordinal);
        foreach (var t in sent)
        {
            var (count, sum) = expected.GetValueOrDefault(t.CardId);
            expected[t.CardId] = (count + 1, sum + t.AmountMinor);
        }

        var wrong = new List<string>();
        foreach (var (card, want) in expected.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (!stored.TryGetValue(card, out var got))
            {
                wrong.Add($"{card}: no state, {want.Count} tx / {want.Sum} sent");
            }
            else if (got != want)
            {
                wrong.Add($"{card}: {got.Count} tx / {got.Sum} stored, {want.Count} / {want.Sum} sent");
            }
        }

        // A stored card the bench never sent a transaction for is wrong too.
        wrong.AddRange(stored.Keys.Where(k => !expected.ContainsKey(k)).Order(StringComparer.Ordinal).Select(k => $"{k}: stored, never sent"));
        return new CardTotals(expected.Count, wrong.Count, wrong.Take(5).ToList());
    }

    /// <summary>Scans the grain state table for the card states of the silo's service: card id → lifetime count and amount sum.</summary>
    public static async Task<(Dictionary<string, (long Count, long Sum)> Stored, double MeanStateBytes)> ReadAsync(IAmazonDynamoDB client, string table, CancellationToken cancellationToken)
    {
        var prefix = $"{new ClusterSettings().ServiceId}/{CardGrain.StateName}/{CardGrain.GrainTypeName}/";
        var serializer = new CardStateSerializer();
        var stored = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
        var bytes = 0L;
        var request = new ScanRequest
        {
            TableName = table,
            ProjectionExpression = "#id, #s",
            ExpressionAttributeNames = new() { ["#id"] = IdAttribute, ["#s"] = StateAttribute },
            ConsistentRead = true,
        };
        do
        {
            var page = await client.ScanAsync(request, cancellationToken);
            foreach (var item in page.Items ?? [])
            {
                if (item[IdAttribute].S is { } id && id.StartsWith(prefix, StringComparison.Ordinal) && item.TryGetValue(StateAttribute, out var state))
                {
                    var data = state.B.ToArray();
                    bytes += data.Length;
                    var card = serializer.Deserialize(data);
                    stored[id[prefix.Length..]] = (card.TransactionsCounted, card.TotalAmountMinor);
                }
            }

            request.ExclusiveStartKey = page.LastEvaluatedKey;
        }
        while (request.ExclusiveStartKey is { Count: > 0 });

        return (stored, stored.Count == 0 ? 0 : (double)bytes / stored.Count);
    }
}
