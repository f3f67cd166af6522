using System.Globalization;

namespace Fraud.Orleans.Model.Explanations;

/// <summary>
/// Explains the fraud model's scores by TreeSHAP over its own trees, read from the ONNX file (<see cref="TreeEnsemble"/>,
/// <see cref="TreeShap"/>). Thread-safe; meant for the few rows a person reads (review cases), not for every transaction:
/// one explanation walks every path of every tree.
/// </summary>
public sealed class ModelExplainer
{
    private readonly TreeEnsemble _trees;
    private readonly IReadOnlyList<string> _features;

    private ModelExplainer(TreeEnsemble trees, IReadOnlyList<string> features)
    {
        _trees = trees;
        _features = features;
    }

    /// <summary>The model's expected margin over its training rows (xgboost's bias column).</summary>
    public double Baseline => _trees.ExpectedMargin;

    /// <summary>The explainer of the ONNX file <paramref name="onnxPath"/>, whose inputs are <paramref name="features"/>; null when the file carries no node covers.</summary>
    /// <exception cref="InvalidDataException">The file carries covers but is not a tree ensemble they fit.</exception>
    public static ModelExplainer? Load(string onnxPath, IReadOnlyList<string> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        try
        {
            var trees = TreeEnsemble.Read(File.ReadAllBytes(onnxPath), features.Count);
            return trees is null ? null : new ModelExplainer(trees, features);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{onnxPath}: cannot explain its scores: {e.Message}.", e);
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"{onnxPath}: cannot explain its scores: metadata_props[\"{TreeEnsemble.CoversKey}\"] is not base64.", e);
        }
    }

    /// <summary>
    /// Every input's contribution for <paramref name="row"/> into <paramref name="contributions"/> (the model's input order);
    /// returns the row's margin, which <see cref="Baseline"/> plus the contributions make up. Allocation-free.
    /// </summary>
    public double Contributions(ReadOnlySpan<float> row, Span<double> contributions) => TreeShap.Explain(_trees, row, contributions);

    /// <summary>The <paramref name="top"/> largest contributions by size (largest first; ties in input order), the rest summed.</summary>
    public Explanation Explain(ReadOnlySpan<float> row, int top)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        var all = new double[_trees.FeatureCount];
        var margin = Contributions(row, all);
        var order = Enumerable.Range(0, all.Length).ToArray();
        Array.Sort(order, (x, y) => Math.Abs(all[x]) != Math.Abs(all[y]) ? Math.Abs(all[y]).CompareTo(Math.Abs(all[x])) : x.CompareTo(y));
        var shown = new FeatureContribution[Math.Min(top, all.Length)];
        var others = 0.0;
        for (var i = 0; i < order.Length; i++)
        {
            var column = order[i];
            if (i < shown.Length)
            {
                // The value as the model saw it (float32), written as its shortest text: 0.1, not 0.10000000149011612.
                shown[i] = new FeatureContribution(_features[column], ShortestDouble(row[column]), all[column]);
            }
            else
            {
                others += all[column];
            }
        }

        return new Explanation(Baseline, margin, shown, others);
    }

    private static double ShortestDouble(float value) =>
        float.IsFinite(value) ? double.Parse(value.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : value;
}
