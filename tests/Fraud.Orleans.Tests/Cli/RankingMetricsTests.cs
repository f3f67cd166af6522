using System.Globalization;
using Fraud.Orleans.Cli.Evaluate;
using Fraud.Orleans.Tests.Support;

namespace Fraud.Orleans.Tests.Cli;

public sealed class RankingMetricsTests
{
    [Fact]
    public void Distinct_scores_match_the_values_worked_out_by_hand()
    {
        bool[] labels = [true, false, true, false];
        double[] scores = [0.9, 0.8, 0.7, 0.1];

        // Pairs (positive, negative): 0.9>0.8, 0.9>0.1, 0.7<0.8, 0.7>0.1 -> 3 of 4.
        Assert.Equal(0.75, RankingMetrics.RocAuc(labels, scores), 15);

        // Thresholds 0.9 (P 1, R 1/2), 0.8 (P 1/2, R 1/2), 0.7 (P 2/3, R 1): 1/2 * 1 + 1/2 * 2/3.
        Assert.Equal((0.5 * 1) + (0.5 * 2.0 / 3), RankingMetrics.AveragePrecision(labels, scores), 15);
    }

    [Fact]
    public void Tied_scores_form_one_threshold_and_count_half_a_pair()
    {
        bool[] labels = [true, false, true, false];
        double[] scores = [0.5, 0.5, 0.5, 0.1];

        // Both positives beat the 0.1 negative (2) and tie with the 0.5 one (2 * 1/2) -> 3 of 4.
        Assert.Equal(0.75, RankingMetrics.RocAuc(labels, scores), 15);

        // One threshold at 0.5: recall 1 at precision 2/3.
        Assert.Equal(2.0 / 3, RankingMetrics.AveragePrecision(labels, scores), 15);
    }

    [Fact]
    public void A_perfect_and_a_reversed_ranking_give_the_extremes()
    {
        bool[] labels = [false, false, true, true];

        Assert.Equal(1.0, RankingMetrics.RocAuc(labels, [0.1, 0.2, 0.3, 0.4]));
        Assert.Equal(1.0, RankingMetrics.AveragePrecision(labels, [0.1, 0.2, 0.3, 0.4]));
        Assert.Equal(0.0, RankingMetrics.RocAuc(labels, [0.4, 0.3, 0.2, 0.1]));
    }

    [Fact]
    public void Without_both_classes_the_metrics_are_undefined()
    {
        Assert.True(double.IsNaN(RankingMetrics.RocAuc([true, true], [0.1, 0.2])));
        Assert.True(double.IsNaN(RankingMetrics.RocAuc([false, false], [0.1, 0.2])));
        Assert.True(double.IsNaN(RankingMetrics.AveragePrecision([false, false], [0.1, 0.2])));
    }

    [Fact]
    public void Random_data_with_ties_matches_scikit_learn()
    {
        var random = new Random(7);
        using var folder = new TempFolder("ranking-");
        var path = folder.File("data.csv");
        var cases = new List<(bool[] Labels, double[] Scores)>();
        using (var writer = new StreamWriter(path))
        {
            for (var c = 0; c < 5; c++)
            {
                var n = 200 + (c * 300);
                var labels = Enumerable.Range(0, n).Select(_ => random.NextDouble() < 0.1 + (0.05 * c)).ToArray();

                // Two decimals make many ties; some positives are pushed up so the ranking means something.
                var scores = labels.Select(l => Math.Round(random.NextDouble() * (l ? 1.3 : 1.0), c % 2 == 0 ? 2 : 6)).ToArray();
                cases.Add((labels, scores));
                for (var i = 0; i < n; i++)
                {
                    writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{c},{(labels[i] ? 1 : 0)},{scores[i]:R}"));
                }
            }
        }

        var expected = Sklearn(path);

        for (var c = 0; c < cases.Count; c++)
        {
            Assert.Equal(expected[c].Auc, RankingMetrics.RocAuc(cases[c].Labels, cases[c].Scores), 12);
            Assert.Equal(expected[c].Ap, RankingMetrics.AveragePrecision(cases[c].Labels, cases[c].Scores), 12);
        }
    }

    private static List<(double Auc, double Ap)> Sklearn(string path)
    {
        const string Script = """
            import sys, numpy as np
            from sklearn.metrics import roc_auc_score, average_precision_score
            d = np.loadtxt(sys.argv[1], delimiter=",")
            for c in np.unique(d[:, 0]):
                s = d[d[:, 0] == c]
                print(repr(roc_auc_score(s[:, 1], s[:, 2])), repr(average_precision_score(s[:, 1], s[:, 2])))
            """;
        var output = Python.Run(TimeSpan.FromSeconds(60), "-c", Script, path);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .Select(p => (double.Parse(p[0], CultureInfo.InvariantCulture), double.Parse(p[1], CultureInfo.InvariantCulture)))
            .ToList();
    }
}
