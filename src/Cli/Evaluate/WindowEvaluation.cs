using System.Globalization;
using Fraud.Orleans.Cli.Scores;
using Fraud.Orleans.Simulator;

namespace Fraud.Orleans.Cli.Evaluate;

/// <summary>
/// Joins scores with the labelled file and computes the window's metrics (model/metrics.py's definitions): the
/// transactions of cards known compromised on their day (a fraud dated on or after the known-from day, by default the
/// window's first day − 14 days, and on a calendar day ≤ T − 8) are left out, then AUC ROC and AP over the rest, and
/// CP@k day by day.
/// </summary>
public static class WindowEvaluation
{
    private const long MillisecondsPerDay = 86_400_000;
    private const int KnownAfterDays = 8; // the label delay (7 days) + the rest of the fraud's own day
    private const int MismatchesShown = 5;

    /// <exception cref="InvalidDataException">The scores lack transactions of the window or disagree with the file about them.</exception>
    public static EvaluationReport Evaluate(IReadOnlyList<SimulatedTransaction> history, IReadOnlyDictionary<long, ScoreRow> scores, EvaluateOptions options)
    {
        var fromDay = DayOf(options.From);
        var toDay = DayOf(options.To);
        var knownFrom = options.EffectiveKnownFrom;
        var firstFraudDay = FirstFraudDays(history, knownFrom == DateOnly.MinValue ? int.MinValue : DayOf(knownFrom));

        var labels = new List<bool>();
        var values = new List<double>();
        var cpRows = new List<CardPrecision.Row>();
        var missing = new List<long>();
        var disagreeing = new List<long>();
        var cardsRemoved = new HashSet<long>();
        long rows = 0, removed = 0;
        foreach (var row in history)
        {
            var tx = row.Transaction;
            var day = Day(tx.EventTimeMs);
            if (day < fromDay || day > toDay)
            {
                continue;
            }

            rows++;
            var card = Card(tx.CardId);
            if (!scores.TryGetValue(tx.TransactionId, out var score))
            {
                missing.Add(tx.TransactionId);
                continue;
            }

            if (score.CustomerId != card || score.EventTimeMs != tx.EventTimeMs)
            {
                disagreeing.Add(tx.TransactionId);
                continue;
            }

            if (firstFraudDay.TryGetValue(card, out var first) && day >= first + KnownAfterDays)
            {
                removed++;
                cardsRemoved.Add(card);
                continue;
            }

            labels.Add(row.IsFraud);
            values.Add(score.Score);
            cpRows.Add(new CardPrecision.Row(day, card, row.IsFraud, score.Score));
        }

        if (rows == 0)
        {
            throw new InvalidDataException($"The labels file has no transaction from {options.From:yyyy-MM-dd} to {options.To:yyyy-MM-dd}.");
        }

        if (missing.Count > 0 || disagreeing.Count > 0)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"The scores do not cover the window: {missing.Count:N0} of its {rows:N0} transactions have no score{Sample(missing)}, " +
                $"{disagreeing.Count:N0} have a CUSTOMER_ID or TX_DATETIME other than the labels file's{Sample(disagreeing)}."));
        }

        var (cp, daily) = CardPrecision.AtK(cpRows, options.TopK);
        return new EvaluationReport
        {
            From = options.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            To = options.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            KnownFrom = knownFrom == DateOnly.MinValue ? EvaluateOptions.WholeHistory : knownFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Rows = rows,
            RemovedKnownCompromised = removed,
            CardsRemovedKnown = cardsRemoved.Count,
            RowsScored = labels.Count,
            FraudsScored = labels.Count(l => l),
            Auc = RankingMetrics.RocAuc(labels.ToArray(), values.ToArray()),
            AveragePrecision = RankingMetrics.AveragePrecision(labels.ToArray(), values.ToArray()),
            TopK = options.TopK,
            CardPrecisionAtK = cp,
            DailyCardPrecision = daily.Select(d => d.Precision).ToList(),
        };
    }

    /// <summary>Per card, the first calendar day with a fraud on or after <paramref name="fromDay"/>.</summary>
    private static Dictionary<long, int> FirstFraudDays(IReadOnlyList<SimulatedTransaction> history, int fromDay)
    {
        var first = new Dictionary<long, int>();
        foreach (var row in history)
        {
            var day = Day(row.Transaction.EventTimeMs);
            if (!row.IsFraud || day < fromDay)
            {
                continue;
            }

            var card = Card(row.Transaction.CardId);
            if (!first.TryGetValue(card, out var known) || day < known)
            {
                first[card] = day;
            }
        }

        return first;
    }

    private static int Day(long unixMs) => (int)Math.Floor(unixMs / (double)MillisecondsPerDay);

    private static int DayOf(DateOnly date) => date.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    // The handbook reader makes card ids of CUSTOMER_ID, a decimal integer: compare and order them as numbers.
    private static long Card(string cardId) => long.Parse(cardId, NumberStyles.None, CultureInfo.InvariantCulture);

    private static string Sample(List<long> ids) => ids.Count == 0 ? ""
        : " (" + string.Join(", ", ids.Take(MismatchesShown).Select(id => id.ToString(CultureInfo.InvariantCulture))) + (ids.Count > MismatchesShown ? ", ..." : "") + ")";
}
