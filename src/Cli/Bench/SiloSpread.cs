using System.Text.Json.Serialization;

namespace Fraud.Orleans.Cli.Bench;

/// <summary>
/// How the silo workers shared a run, one entry per worker: the most card grains it had active at once, the partitions
/// it owned at its last status line, and its peak resident set; with the cards, memory per active card.
/// </summary>
public sealed record SiloSpread(
    [property: JsonPropertyName("silo")] string Silo,
    [property: JsonPropertyName("peak_cards_active")] int PeakCardsActive,
    [property: JsonPropertyName("partitions")] IReadOnlyList<int> Partitions,
    [property: JsonPropertyName("peak_rss_mb")] double PeakRssMb)
{
    public static IReadOnlyList<SiloSpread> Of(
        IReadOnlyList<(string Name, IReadOnlyCollection<WorkerSample> Samples)> each, IReadOnlyList<(string Name, WorkerStatus? Status)> last, IReadOnlyList<double> peakRss) =>
        each.Select((w, i) => new SiloSpread(
            w.Name,
            w.Samples.Select(s => s.Status.CardsActive).DefaultIfEmpty(0).Max(),
            last[i].Status?.Partitions ?? [],
            Math.Round(peakRss[i], 1))).ToList();
}
