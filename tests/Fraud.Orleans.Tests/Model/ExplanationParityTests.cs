using System.Globalization;
using Fraud.Orleans.Model;
using Fraud.Orleans.Model.Explanations;
using Xunit.Abstractions;

namespace Fraud.Orleans.Tests.Model;

/// <summary>
/// Explanation parity with xgboost: TreeSHAP computed in C# from the ONNX file's trees and node covers matches
/// xgboost's own <c>pred_contribs</c> of the booster behind that file (model/testdata/contribution-rows.csv, written by
/// model/train.py via model/explanations.py) on 2,000 rows, and the contributions sum to the margin ONNX Runtime scores.
/// </summary>
public sealed class ExplanationParityTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-4;

    // ONNX Runtime sums and squashes in float32, so its score is exact to about 1e-7 but its logit is not in the tails
    // (at P = 0.9997 one float step is 2e-4 of log-odds): the margin is compared with it through the sigmoid.
    private const double ScoreTolerance = 1e-6;
    private const string ContribPrefix = "contrib:";

    private static string ContributionRows => Path.Combine(ModelTestFiles.RepoRoot, "model", "testdata", "contribution-rows.csv");

    [Fact]
    public void Contributions_match_xgboost_and_sum_to_the_margin()
    {
        using var model = OnnxFraudModel.Load(ModelTestFiles.TrainedModel, ModelTestFiles.TrainedMetadata);
        var explainer = model.Explainer ?? throw new InvalidOperationException("the shipped model carries no node covers");
        var features = model.Metadata.Features;
        var rows = ReadRows(features);
        Assert.True(rows.Count >= 1000, $"only {rows.Count} rows");

        var contributions = new double[features.Count];
        double worstContribution = 0, worstBias = Math.Abs(explainer.Baseline - rows[0].Bias), worstSum = 0, worstOnnx = 0;
        var failures = new List<string>();
        foreach (var row in rows)
        {
            var margin = explainer.Contributions(row.Features, contributions);
            for (var f = 0; f < features.Count; f++)
            {
                var difference = Math.Abs(contributions[f] - row.Contributions[f]);
                worstContribution = Math.Max(worstContribution, difference);
                if (difference > Tolerance)
                {
                    failures.Add($"row {row.Line}, {features[f]}: xgboost {row.Contributions[f]}, ours {contributions[f]}");
                }
            }

            worstBias = Math.Max(worstBias, Math.Abs(explainer.Baseline - row.Bias));

            // Efficiency: baseline + contributions = the trees' margin = xgboost's margin, whose sigmoid is ONNX Runtime's score.
            var sum = explainer.Baseline + contributions.Sum();
            var score = model.Score(row.Features);
            worstSum = Math.Max(worstSum, Math.Max(Math.Abs(sum - margin), Math.Abs(sum - row.Margin)));
            worstOnnx = Math.Max(worstOnnx, Math.Abs(Sigmoid(sum) - score));
            if (Math.Abs(sum - margin) > Tolerance || Math.Abs(sum - row.Margin) > Tolerance || Math.Abs(Sigmoid(sum) - score) > ScoreTolerance)
            {
                failures.Add($"row {row.Line}: baseline + contributions {sum}, trees {margin}, xgboost {row.Margin}; sigmoid {Sigmoid(sum)}, ORT {score}");
            }
        }

        output.WriteLine(
            $"{rows.Count} rows x {features.Count} features: max |ours - xgboost| {worstContribution:E2} per contribution, " +
            $"{worstBias:E2} bias; max |baseline + sum - margin| {worstSum:E2} (trees, xgboost); max |sigmoid(baseline + sum) - ORT's score| {worstOnnx:E2}");
        Assert.True(worstBias <= Tolerance, $"baseline {explainer.Baseline} vs xgboost's bias: off by {worstBias}");
        Assert.True(failures.Count == 0, $"{failures.Count} mismatches, e.g. {string.Join("; ", failures.Take(10))}");
    }

    [Fact]
    public void An_explanation_shows_the_largest_contributions_first_and_adds_up_to_the_margin()
    {
        using var model = OnnxFraudModel.Load(ModelTestFiles.TrainedModel, ModelTestFiles.TrainedMetadata);
        var explainer = model.Explainer!;
        var row = ReadRows(model.Metadata.Features).MaxBy(r => r.Margin)!;

        var explanation = explainer.Explain(row.Features, 5);

        Assert.Equal(5, explanation.Contributions.Count);
        var sizes = explanation.Contributions.Select(c => Math.Abs(c.Contribution)).ToList();
        Assert.Equal(sizes.OrderDescending(), sizes);
        var largest = row.Contributions.Select(Math.Abs).Max();
        Assert.Equal(largest, sizes[0], 4);
        var shown = explanation.Contributions[0];
        Assert.Equal(row.Features[model.Metadata.Features.ToList().IndexOf(shown.Feature)], (float)shown.Value);
        Assert.Equal(row.Margin, explanation.Baseline + explanation.Contributions.Sum(c => c.Contribution) + explanation.Others, 4);
        Assert.Equal(row.Margin, explanation.Margin, 4);
    }

    [Fact]
    public void A_model_without_node_covers_has_no_explainer()
    {
        using var tiny = ModelTestFiles.LoadTiny();
        Assert.Null(tiny.Explainer);
    }

    private static double Sigmoid(double margin) => 1 / (1 + Math.Exp(-margin));

    private sealed record Row(int Line, float[] Features, double[] Contributions, double Bias, double Margin);

    private static List<Row> ReadRows(IReadOnlyList<string> features)
    {
        var lines = File.ReadAllLines(ContributionRows);
        var header = lines[0].Split(',').ToList();
        int Column(string name) => header.IndexOf(name) is >= 0 and var i ? i : throw new InvalidDataException($"{ContributionRows}: no column {name}");
        var featureColumns = features.Select(Column).ToArray();
        var contributionColumns = features.Select(f => Column(ContribPrefix + f)).ToArray();
        var bias = Column("bias");
        var margin = Column("margin");
        return lines.Skip(1).Select((line, i) =>
        {
            var cells = line.Split(',');
            return new Row(
                i + 2,
                featureColumns.Select(c => float.Parse(cells[c], CultureInfo.InvariantCulture)).ToArray(),
                contributionColumns.Select(c => double.Parse(cells[c], CultureInfo.InvariantCulture)).ToArray(),
                double.Parse(cells[bias], CultureInfo.InvariantCulture),
                double.Parse(cells[margin], CultureInfo.InvariantCulture));
        }).ToList();
    }
}
