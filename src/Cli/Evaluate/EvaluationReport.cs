using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fraud.Orleans.Cli.Evaluate;

/// <summary>The metrics of a window; the JSON names are model/metrics.py's <c>evaluate</c> keys (plus the extras).</summary>
public sealed record EvaluationReport
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, // NaN when a metric is undefined
    };

    [JsonPropertyName("from")]
    public required string From { get; init; }

    [JsonPropertyName("to")]
    public required string To { get; init; }

    /// <summary>First day whose frauds make a card known compromised (yyyy-MM-dd), or "all" for the whole history.</summary>
    [JsonPropertyName("known_from")]
    public required string KnownFrom { get; init; }

    /// <summary>Transactions of the window.</summary>
    [JsonPropertyName("rows")]
    public required long Rows { get; init; }

    /// <summary>Transactions removed because their card was known compromised on their day.</summary>
    [JsonPropertyName("removed_known_compromised")]
    public required long RemovedKnownCompromised { get; init; }

    /// <summary>Distinct cards with at least one transaction removed as known compromised.</summary>
    [JsonPropertyName("cards_removed_known")]
    public required long CardsRemovedKnown { get; init; }

    [JsonPropertyName("rows_scored")]
    public required long RowsScored { get; init; }

    [JsonPropertyName("frauds_scored")]
    public required long FraudsScored { get; init; }

    [JsonPropertyName("auc")]
    public required double Auc { get; init; }

    [JsonPropertyName("average_precision")]
    public required double AveragePrecision { get; init; }

    [JsonIgnore]
    public int TopK { get; init; } = CardPrecision.DefaultTopK;

    [JsonPropertyName("cp_at_k")]
    public required double CardPrecisionAtK { get; init; }

    [JsonPropertyName("cp_daily")]
    public required IReadOnlyList<double> DailyCardPrecision { get; init; }

    /// <summary>This report as JSON, with <paramref name="challenger"/>'s (same window, same signals) under <c>challenger</c>.</summary>
    public string ToJson(EvaluationReport? challenger = null)
    {
        var node = ToNode();
        if (challenger is not null)
        {
            node["challenger"] = challenger.ToNode();
        }

        return node.ToJsonString(JsonOptions);
    }

    private System.Text.Json.Nodes.JsonObject ToNode()
    {
        // Also under metrics.py's own key, cp_at_{k}, so that both sides compare key by key.
        var node = JsonSerializer.SerializeToNode(this, JsonOptions)!.AsObject();
        node[$"cp_at_{TopK}"] = JsonSerializer.SerializeToNode(CardPrecisionAtK, JsonOptions);
        node["top_k"] = TopK;
        return node;
    }

    /// <summary>The challenger's metrics beside the champion's (this report), on the same transactions.</summary>
    public void PrintChallenger(EvaluationReport challenger, TextWriter output)
    {
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine("  challenger (in shadow), same signals   champion  challenger  difference");
        output.WriteLine(string.Create(inv, $"  AUC ROC                              {Auc,8:0.0000}  {challenger.Auc,10:0.0000}  {challenger.Auc - Auc,10:+0.0000;-0.0000}"));
        output.WriteLine(string.Create(inv, $"  average precision                    {AveragePrecision,8:0.0000}  {challenger.AveragePrecision,10:0.0000}  {challenger.AveragePrecision - AveragePrecision,10:+0.0000;-0.0000}"));
        output.WriteLine(string.Create(inv, $"  Card Precision@{TopK,-21} {CardPrecisionAtK,8:0.0000}  {challenger.CardPrecisionAtK,10:0.0000}  {challenger.CardPrecisionAtK - CardPrecisionAtK,10:+0.0000;-0.0000}"));
    }

    public void Print(TextWriter output)
    {
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv, $"Window {From} .. {To} (whole days by TX_DATETIME)"));
        output.WriteLine(string.Create(inv, $"  transactions in the window      {Rows,12:N0}"));
        output.WriteLine(string.Create(inv, $"  removed, card known compromised {RemovedKnownCompromised,12:N0}  ({CardsRemovedKnown:N0} cards; frauds counted from {KnownFrom})"));
        output.WriteLine(string.Create(inv, $"  transactions evaluated          {RowsScored,12:N0}"));
        output.WriteLine(string.Create(inv, $"  frauds among them               {FraudsScored,12:N0}"));
        output.WriteLine();
        output.WriteLine("  metric                           value");
        output.WriteLine(string.Create(inv, $"  AUC ROC                       {Auc,8:0.0000}"));
        output.WriteLine(string.Create(inv, $"  average precision             {AveragePrecision,8:0.0000}"));
        output.WriteLine(string.Create(inv, $"  Card Precision@{TopK,-14} {CardPrecisionAtK,8:0.0000}  (mean of {DailyCardPrecision.Count} days)"));
    }
}
