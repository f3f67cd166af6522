using Fraud.Orleans.Model;
using Fraud.Orleans.Silo.Drift;
using Fraud.Orleans.Tests.Model;
using Fraud.Orleans.Tests.Support;

namespace Fraud.Orleans.Tests.Drift;

/// <summary>PSI arithmetic, the bin search shared with model/drift_bins.py, and the metadata's drift section.</summary>
public sealed class PopulationStabilityTests
{
    [Theory]
    [InlineData(new[] { 0.5, 0.5 }, new long[] { 1, 3 }, 0.2746530721670274)] // 0.25·ln 2 + 0.25·ln 1.5
    [InlineData(new[] { 0.5, 0.5 }, new long[] { 0, 10 }, 4.60431846666895)] // the empty bin counts as 1e-4
    [InlineData(new[] { 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1 }, new long[] { 5, 5, 10, 10, 10, 10, 10, 10, 15, 15 }, 0.10986122886681095)]
    [InlineData(new[] { 0.2, 0.3, 0.5 }, new long[] { 20, 30, 50 }, 0.0)]
    [InlineData(new[] { 0.2, 0.3, 0.5 }, new long[] { 0, 0, 0 }, 0.0)] // nothing observed: no evidence of drift
    public void Index_matches_hand_computed_values(double[] expected, long[] observed, double psi) =>
        Assert.Equal(psi, PopulationStability.Index(expected, observed), 12);

    [Fact]
    public void Index_is_symmetric_in_shares_and_refuses_mismatched_bins()
    {
        var there = PopulationStability.Index([0.25, 0.75], [50, 50]);
        var back = PopulationStability.Index([0.5, 0.5], [25, 75]);
        Assert.Equal(there, back, 12);
        Assert.Throws<ArgumentException>(() => PopulationStability.Index([0.5, 0.5], [1, 2, 3]));
    }

    [Theory]
    [InlineData(float.NegativeInfinity, 0)]
    [InlineData(0.5f, 0)]
    [InlineData(1f, 1)] // an edge opens its bin (numpy searchsorted side="right")
    [InlineData(1.5f, 1)]
    [InlineData(2f, 2)]
    [InlineData(3f, 3)]
    [InlineData(99f, 3)]
    [InlineData(float.NaN, 3)] // NaN compares false with every edge, as it sorts last in numpy
    public void A_value_falls_in_the_bin_of_the_edges_at_or_below_it(float value, int bin) =>
        Assert.Equal(bin, DriftBins.BinOf([1f, 2f, 3f], value));

    [Fact]
    public void No_edges_is_one_bin() => Assert.Equal(0, DriftBins.BinOf([], 42f));

    [Fact]
    public void The_shipped_metadata_has_bins_for_every_input_and_the_score()
    {
        var metadata = ModelMetadata.Load(ModelTestFiles.TrainedMetadata);
        Assert.NotNull(metadata.Drift);
        Assert.Equal(metadata.Features, metadata.Drift.Features.Select(f => f.Name));
        Assert.All(metadata.Drift.Features.Append(metadata.Drift.Score), bins =>
        {
            Assert.Equal(bins.Edges.Length + 1, bins.Shares.Length);
            Assert.Equal(1.0, bins.Shares.Sum(), 6);
        });
        // The thresholds are score edges, so the window's alert rate is watched too.
        Assert.Contains(metadata.Thresholds.Review, metadata.Drift.Score.Edges);
        Assert.Contains(metadata.Thresholds.Block, metadata.Drift.Score.Edges);
    }

    [Fact]
    public void Python_checks_the_shipped_bins_sum_to_one() =>
        Assert.Contains("shares sum to 1", Python.Run(TimeSpan.FromMinutes(2), Path.Combine(ModelTestFiles.RepoRoot, "model", "drift_bins.py"), "--check"));

    [Fact]
    public void Metadata_without_a_drift_section_still_loads() => Assert.Null(ModelMetadata.Load(ModelTestFiles.TinyMetadata).Drift);

    [Theory]
    [InlineData("\"edges\": [1.0, 2.0], \"shares\": [0.5, 0.4, 0.2]", "sum to 1")]
    [InlineData("\"edges\": [2.0, 1.0], \"shares\": [0.5, 0.3, 0.2]", "ascend")]
    [InlineData("\"edges\": [1.0], \"shares\": [0.5, 0.3, 0.2]", "3 shares for 2 bins")]
    public void A_broken_drift_section_is_refused(string scoreBins, string error)
    {
        using var folder = ModelTestFiles.CreateTempFolder();
        var path = Path.Combine(folder.Path, "model.json");
        File.WriteAllText(path, $$"""
            {
              "model_version": "v", "features": ["a"], "thresholds": { "review": 0.5, "block": 0.9 },
              "drift": {
                "features": [{ "name": "a", "edges": [0.0], "shares": [0.5, 0.5] }],
                "score": { {{scoreBins}} }
              }
            }
            """);
        var thrown = Assert.Throws<InvalidDataException>(() => ModelMetadata.Load(path));
        Assert.Contains(error, thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_are_validated()
    {
        Assert.Empty(new DriftOptions().Validate());
        Assert.Equal(60, new DriftOptions().BucketCount);
        Assert.NotEmpty(new DriftOptions { Window = TimeSpan.FromSeconds(10), Bucket = TimeSpan.FromMinutes(1) }.Validate());
        Assert.NotEmpty(new DriftOptions { MinEvents = 0 }.Validate());
        Assert.NotEmpty(new DriftOptions { WarnAbove = double.NaN }.Validate());
        Assert.NotEmpty(new DriftOptions { EmptyShare = 0 }.Validate());
        Assert.NotEmpty(new DriftOptions { Window = TimeSpan.FromDays(7), Bucket = TimeSpan.FromSeconds(1) }.Validate());
    }
}
