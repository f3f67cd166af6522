namespace Fraud.Orleans.Model;

/// <summary>Population stability index: Σ (a − e)·ln(a / e) over bins, a the observed and e the expected share.</summary>
public static class PopulationStability
{
    /// <summary>Share given to an empty bin (on either side), so that ln(a / e) stays finite: the usual 1e-4.</summary>
    public const double DefaultEmptyShare = 1e-4;

    /// <param name="expected">Expected shares (summing to 1).</param>
    /// <param name="observed">Observed counts per bin, as many as <paramref name="expected"/>.</param>
    /// <param name="emptyShare">Floor of either share.</param>
    /// <returns>The index; 0 when nothing was observed.</returns>
    public static double Index(ReadOnlySpan<double> expected, ReadOnlySpan<long> observed, double emptyShare = DefaultEmptyShare)
    {
        if (observed.Length != expected.Length)
        {
            throw new ArgumentException($"{observed.Length} observed bins for {expected.Length} expected", nameof(observed));
        }

        long total = 0;
        foreach (var count in observed)
        {
            total += count;
        }

        if (total == 0)
        {
            return 0;
        }

        var psi = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            var a = Math.Max((double)observed[i] / total, emptyShare);
            var e = Math.Max(expected[i], emptyShare);
            psi += (a - e) * Math.Log(a / e);
        }

        return psi;
    }
}
