using System.Globalization;
using BenchmarkDotNet.Attributes;
using Fraud.Orleans.Model;
using Fraud.Orleans.Model.Explanations;
using Fraud.Orleans.Silo.Hosting;

namespace Fraud.Orleans.Benchmarks;

/// <summary>
/// What one review case's explanation costs: TreeSHAP of a row over the shipped model's 200 trees (every contribution,
/// into a buffer), and the case's top 5 with their names and values as the case writer stores them. Rows cycle through
/// 64 of model/testdata/contribution-rows.csv (half of them frauds), so the paths taken vary as in real cases.
/// </summary>
[MemoryDiagnoser]
public class ExplanationBenchmarks
{
    private const int Rows = 64;
    private float[][] _rows = null!;
    private double[] _contributions = null!;
    private ModelExplainer _explainer = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        using var model = ModelFiles.Load(ModelFiles.Resolve(new SiloOptions().ModelPath));
        _explainer = model.Explainer ?? throw new InvalidOperationException("the shipped model carries no node covers");
        var features = model.Metadata.Features;
        var lines = File.ReadAllLines(ModelFiles.Resolve(Path.Combine("model", "testdata", "contribution-rows.csv")));
        var header = lines[0].Split(',').ToList();
        var columns = features.Select(f => header.IndexOf(f)).ToArray();
        var step = (lines.Length - 1) / Rows;
        _rows = Enumerable.Range(0, Rows)
            .Select(i => lines[1 + (i * step)].Split(','))
            .Select(cells => columns.Select(c => float.Parse(cells[c], CultureInfo.InvariantCulture)).ToArray())
            .ToArray();
        _contributions = new double[features.Count];
    }

    [Benchmark(Description = "explain: every contribution of a row")]
    public double Contributions() => _explainer.Contributions(NextRow(), _contributions);

    [Benchmark(Description = "explain: a case's top 5")]
    public Explanation TopFive() => _explainer.Explain(NextRow(), 5);

    private float[] NextRow() => _rows[_next++ % Rows];
}
