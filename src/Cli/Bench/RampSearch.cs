namespace Fraud.Orleans.Cli.Bench;

/// <summary>
/// Which rate a ramp tries next, from the outcomes so far: from the start rate, double while it is sustained;
/// once a rate fails, bisect between the highest sustained rate and the lowest failed one above it until they
/// are within <see cref="Resolution"/> of each other; if even the start rate fails, halve until one holds.
/// </summary>
/// <remarks>
/// On a shared machine a rate may fail once and hold another time. Failures at or below the highest sustained
/// rate are therefore kept in the record but do not bound the search: the bracket is always the highest success
/// and the lowest failure above it.
/// </remarks>
public sealed class RampSearch(int startRate, int maxRate, int maxSteps)
{
    /// <summary>The search ends when the bracket is at most this fraction of the highest sustained rate wide.</summary>
    public const double Resolution = 0.1;

    private readonly List<(int Rate, bool Sustained)> _tried = [];

    public int Tried => _tried.Count;

    /// <summary>The highest rate sustained so far; null when none was.</summary>
    public int? HighestSustained => _tried.Where(t => t.Sustained).Select(t => (int?)t.Rate).Max();

    /// <summary>Steps left at the most (the step cap): what an ETA can promise.</summary>
    public int MostStepsLeft => Next() is null ? 0 : maxSteps - Tried;

    public void Record(int rate, bool sustained) => _tried.Add((rate, sustained));

    /// <summary>The rate to try next; null when the search is done or out of steps.</summary>
    public int? Next()
    {
        if (_tried.Count >= maxSteps)
        {
            return null;
        }

        if (_tried.Count == 0)
        {
            return Math.Min(startRate, maxRate);
        }

        var low = HighestSustained;
        var high = _tried.Where(t => !t.Sustained && t.Rate > (low ?? 0)).Select(t => (int?)t.Rate).Min();
        if (low is null)
        {
            return high > 1 ? high / 2 : null; // nothing held yet: halve the lowest failure, down to 1 tx/s
        }

        if (high is null)
        {
            return low < maxRate ? (int)Math.Min(2L * low.Value, maxRate) : null;
        }

        var gap = high.Value - low.Value;
        return gap <= Math.Max(1, Resolution * low.Value) ? null : low + (gap / 2);
    }
}
