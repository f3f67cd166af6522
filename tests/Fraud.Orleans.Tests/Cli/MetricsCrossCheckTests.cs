using System.Globalization;
using System.Text.Json;
using Fraud.Orleans.Cli.Evaluate;
using Fraud.Orleans.Cli.Scores;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Simulator;
using Fraud.Orleans.Tests.Support;

namespace Fraud.Orleans.Tests.Cli;

/// <summary>
/// <c>fraud evaluate</c> and model/metrics.py agree, key by key, on one labelled file and one set of scores, under each
/// known-compromised definition: the default (the window's first day − 14 days), an explicit day, and the whole history.
/// </summary>
public sealed class MetricsCrossCheckTests
{
    private static readonly DateOnly First = new(2018, 7, 18);
    private static readonly DateOnly Last = new(2018, 7, 31);

    [Fact]
    public void Evaluate_equals_metrics_py_under_every_known_from()
    {
        using var folder = new TempFolder("metrics-cross-");
        var (history, scores) = Synthetic(new Random(11));
        var labels = folder.File("labels.csv");
        HandbookCsv.Write(labels, history);
        var scoresPath = folder.File("scores.csv");
        File.WriteAllLines(scoresPath, ["TRANSACTION_ID,score", .. scores.Values.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.TransactionId},{s.Score:R}"))]);

        var python = MetricsPy(labels, scoresPath, ["default", "2018-07-10", "all"]);

        DateOnly?[] knownFrom = [null, new DateOnly(2018, 7, 10), DateOnly.MinValue];
        Assert.Equal(knownFrom.Length, python.Count);
        for (var i = 0; i < knownFrom.Length; i++)
        {
            var expected = python[i];
            var report = WindowEvaluation.Evaluate(history, scores, new EvaluateOptions { Scores = "", Labels = "", From = First, To = Last, KnownFrom = knownFrom[i] });
            var actual = JsonDocument.Parse(report.ToJson()).RootElement;
            foreach (var key in new[] { "known_from", "rows", "removed_known_compromised", "rows_scored", "frauds_scored" })
            {
                Assert.True(expected.GetProperty(key).ToString() == actual.GetProperty(key).ToString(), $"{key} ({expected.GetProperty("known_from")}): metrics.py {expected.GetProperty(key)}, evaluate {actual.GetProperty(key)}");
            }

            foreach (var key in new[] { "auc", "average_precision", "cp_at_100" })
            {
                Assert.Equal(expected.GetProperty(key).GetDouble(), actual.GetProperty(key).GetDouble(), 12);
            }
        }

        // The three definitions really differ on this file, so the comparison covers each.
        Assert.Equal(3, python.Select(p => p.GetProperty("removed_known_compromised").GetInt64()).Distinct().Count());
    }

    /// <summary>
    /// 300 cards over May to July, a few transactions a day each; frauds throughout (so frauds of every age make cards
    /// known); scores on two decimals (ties), frauds pushed up.
    /// </summary>
    private static (List<SimulatedTransaction> History, Dictionary<long, ScoreRow> Scores) Synthetic(Random random)
    {
        var history = new List<SimulatedTransaction>();
        var scores = new Dictionary<long, ScoreRow>();
        var start = new DateTimeOffset(2018, 5, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        long id = 0;
        for (var day = 0; day < 92; day++)
        {
            for (var card = 0; card < 300; card++)
            {
                for (var n = random.Next(3); n > 0; n--)
                {
                    var fraud = random.NextDouble() < 0.01;
                    var time = start + (day * 86_400_000L) + (random.Next(86_400) * 1000L);
                    var tx = new Transaction(id, card.ToString(CultureInfo.InvariantCulture), random.Next(50), 100 + random.Next(10_000), time);
                    history.Add(new SimulatedTransaction(tx, fraud, fraud ? 1 : 0));
                    scores[id] = new ScoreRow(id, card, time, Math.Round(random.NextDouble() * (fraud ? 1.5 : 1.0), 2), 0);
                    id++;
                }
            }
        }

        history.Sort((a, b) => a.Transaction.EventTimeMs.CompareTo(b.Transaction.EventTimeMs));
        return (history, scores);
    }

    private static List<JsonElement> MetricsPy(string labels, string scores, string[] knownFrom)
    {
        const string Script = """
            import json, sys
            import pandas as pd
            sys.path.insert(0, sys.argv[1])
            import metrics
            from features import load_transactions
            df = load_transactions(sys.argv[2])
            scores = pd.read_csv(sys.argv[3]).set_index("TRANSACTION_ID")["score"]
            s = scores.reindex(df["TRANSACTION_ID"]).to_numpy()
            for kf in sys.argv[6:]:
                print(json.dumps(metrics.evaluate(df, s, sys.argv[4], sys.argv[5], known_from=None if kf == "default" else kf)))
            """;
        var output = Python.Run(TimeSpan.FromMinutes(2), ["-c", Script, Path.Combine(RepositoryPaths.Root, "model"), labels, scores,
            First.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), .. knownFrom]);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
    }
}
