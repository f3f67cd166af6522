using System.Globalization;

namespace Fraud.Orleans.Cli.Bench;

/// <summary>
/// <c>--scale 2,8,2</c>: the silo processes of a run over time. The run starts with the first count and moves to
/// each next one every <see cref="EverySeconds"/>, starting new silo processes or stopping the youngest gracefully.
/// </summary>
public sealed record ScalePlan(IReadOnlyList<int> Counts, double EverySeconds)
{
    /// <summary>Silo processes started over the whole run: the first count plus every increase.</summary>
    public int ProcessesStarted => Counts[0] + Counts.Zip(Counts.Skip(1), (from, to) => Math.Max(0, to - from)).Sum();

    /// <summary>Seconds into the load at which step <paramref name="step"/> (from 1) moves to <c>Counts[step]</c>.</summary>
    public double StepAt(int step) => step * EverySeconds;

    public static ScalePlan? Parse(string spec, double? every, double duration, int partitions, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        var counts = new List<int>();
        foreach (var part in spec.Split(',', StringSplitOptions.TrimEntries))
        {
            if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= 1 && count <= partitions)
            {
                counts.Add(count);
            }
            else
            {
                problems.Add($"--scale: '{part}' is not a silo count from 1 to {partitions} (the topic's partitions)");
            }
        }

        if (problems.Count == 0 && counts.Count < 2)
        {
            problems.Add($"--scale needs at least two counts, e.g. 2,8,2 (got '{spec}')");
        }

        var interval = every ?? duration / Math.Max(1, counts.Count);
        if (problems.Count == 0 && interval * (counts.Count - 1) >= duration)
        {
            problems.Add($"--scale: the last step ({interval * (counts.Count - 1):0.#} s) must come inside --duration ({duration:0.#} s)");
        }

        errors = problems;
        return problems.Count == 0 ? new ScalePlan(counts, interval) : null;
    }
}
