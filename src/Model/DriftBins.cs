using System.Text.Json.Serialization;

namespace Fraud.Orleans.Model;

/// <summary>
/// One column's bins and its training shares (model/drift_bins.py): <see cref="Edges"/> e₀ &lt; … &lt; e₍ₖ₋₁₎ make
/// k + 1 bins, a value's bin being the number of edges at or below it (NaN: the last bin), as numpy's
/// <c>searchsorted(edges, v, side="right")</c> computes it on the Python side.
/// </summary>
public sealed record DriftBins(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("edges")] float[] Edges,
    [property: JsonPropertyName("shares")] double[] Shares)
{
    /// <summary>Tolerance of the shares' sum: they are stored rounded to 9 decimals.</summary>
    public const double ShareTolerance = 1e-6;

    public int BinCount => Shares.Length;

    /// <summary>The bin of <paramref name="value"/>: how many edges are &lt;= it (a NaN compares false, so it lands last).</summary>
    public static int BinOf(ReadOnlySpan<float> edges, float value)
    {
        int lo = 0, hi = edges.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (value < edges[mid])
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }

    public IEnumerable<string> Validate(string what)
    {
        if (Edges is null || Shares is null)
        {
            yield return $"{what}: edges and shares are required";
            yield break;
        }

        if (Shares.Length != Edges.Length + 1)
        {
            yield return $"{what}: {Shares.Length} shares for {Edges.Length + 1} bins";
        }

        for (var i = 1; i < Edges.Length; i++)
        {
            if (!(Edges[i - 1] < Edges[i]))
            {
                yield return $"{what}: edges must ascend (edge {i}: {Edges[i - 1]} then {Edges[i]})";
                break;
            }
        }

        if (Shares.Any(s => !(s >= 0)) || Math.Abs(Shares.Sum() - 1) > ShareTolerance)
        {
            yield return $"{what}: shares must be >= 0 and sum to 1 (they sum to {Shares.Sum()})";
        }
    }
}
