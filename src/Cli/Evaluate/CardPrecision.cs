namespace Fraud.Orleans.Cli.Evaluate;

/// <summary>
/// Card Precision@k as the handbook defines it: per day, the k cards an investigator would check (each card at its
/// highest score of the day), what share of them really were compromised; cards found on an earlier day of the
/// window are no longer among the candidates. The mean is over the days that have transactions.
/// </summary>
public static class CardPrecision
{
    public const int DefaultTopK = 100;

    /// <summary>A transaction as CP@k sees it.</summary>
    public readonly record struct Row(int Day, long Card, bool Fraud, double Score);

    /// <returns>The mean over days, NaN when there are none, and each day's precision in day order.</returns>
    public static (double Mean, IReadOnlyList<(int Day, double Precision)> Daily) AtK(IReadOnlyList<Row> rows, int k = DefaultTopK)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var detected = new HashSet<long>();
        var daily = new List<(int, double)>();
        foreach (var day in rows.GroupBy(r => r.Day).OrderBy(g => g.Key))
        {
            var cards = day
                .Where(r => !detected.Contains(r.Card))
                .GroupBy(r => r.Card)
                .Select(g => (Card: g.Key, Score: g.Max(r => r.Score), Fraud: g.Any(r => r.Fraud)))
                .OrderByDescending(c => c.Score)
                .ThenBy(c => c.Card)
                .Take(k)
                .ToList();
            var hits = cards.Where(c => c.Fraud).Select(c => c.Card).ToList();
            daily.Add((day.Key, (double)hits.Count / k));
            detected.UnionWith(hits);
        }

        return (daily.Count == 0 ? double.NaN : daily.Average(d => d.Item2), daily);
    }
}
