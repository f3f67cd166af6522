namespace Fraud.Orleans.Cli.Bench;

/// <summary>
/// One <see cref="PhaseResult"/> for several runs of a system: the median of every measurement, so that one run
/// disturbed by the shared machine moves the figure little, but the worst of every correctness count (lost,
/// duplicates, read-back misses, replays, a growing lag, wrong card totals, cross-silo calls, the failover time), so
/// that a loss in any run is never hidden by a median.
/// </summary>
public static class RunAggregate
{
    public static PhaseResult Of(IReadOnlyList<PhaseResult> runs)
    {
        ArgumentOutOfRangeException.ThrowIfZero(runs.Count);
        if (runs.Count == 1)
        {
            return runs[0];
        }

        double M(Func<PhaseResult, double> figure) => Median(runs.Select(figure));
        return runs[0] with
        {
            RateAchieved = M(r => r.RateAchieved),
            Sent = (long)Math.Round(M(r => r.Sent)),
            // The fewest, not the median: it must agree with the worst run's loss.
            Signals = runs.Min(r => r.Signals),
            Lost = runs.Max(r => r.Lost),
            Duplicates = runs.Max(r => r.Duplicates),
            Replayed = runs.Any(r => r.Replayed is not null) ? runs.Max(r => r.Replayed ?? 0) : null,
            DecisionP50Ms = M(r => r.DecisionP50Ms),
            DecisionP99Ms = M(r => r.DecisionP99Ms),
            DecisionP999Ms = M(r => r.DecisionP999Ms),
            DecisionMaxMs = M(r => r.DecisionMaxMs),
            DurableP50Ms = M(r => r.DurableP50Ms),
            DurableP99Ms = M(r => r.DurableP99Ms),
            DurableP999Ms = M(r => r.DurableP999Ms),
            DurableMaxMs = M(r => r.DurableMaxMs),
            WorkerCpuUsPerEvent = M(r => r.WorkerCpuUsPerEvent),
            PeakRssMb = M(r => r.PeakRssMb),
            All = new PhaseResult.WholeRun(
                M(r => r.All.DecisionP50Ms), M(r => r.All.DecisionP99Ms), M(r => r.All.DecisionP999Ms),
                M(r => r.All.DurableP50Ms), M(r => r.All.DurableP99Ms), M(r => r.All.DurableP999Ms), M(r => r.All.DurableMaxMs),
                M(r => r.All.WorkerCpuUsPerEvent)),
            SteadyWindowSeconds = ElementWise(runs, r => r.SteadyWindowSeconds, Median),
            BenchCpuUsPerEvent = M(r => r.BenchCpuUsPerEvent),
            DynamoDbCpuUsPerEvent = M(r => r.DynamoDbCpuUsPerEvent),
            Cores = ElementWise(runs, r => r.Cores, Median),
            Lag = ElementWise(runs, r => r.Lag.Select(l => (double)l).ToArray(), v => v.Max()).Select(l => (long)l).ToArray(),
            LagGrowing = runs.Any(r => r.LagGrowing),
            ReadBackSample = runs.Min(r => r.ReadBackSample),
            ReadBackMissing = runs.Max(r => r.ReadBackMissing),
            CrossSilo = runs.Select(r => r.CrossSilo).MaxBy(c => c?.RemotePercent ?? double.NegativeInfinity),
            CardTotals = runs.Select(r => r.CardTotals).MaxBy(c => c?.Wrong ?? -1),
            // The slowest: one failover inside the target is not all of them.
            Failover = runs.Select(r => r.Failover).MaxBy(f => f is null ? double.NegativeInfinity : f.FirstDecisionMs ?? double.PositiveInfinity),
            DynamoDbFaults = runs.Select(r => r.DynamoDbFaults).MaxBy(f => f?.BacklogDurableAfterOffSeconds ?? (f is null ? double.NegativeInfinity : double.PositiveInfinity)),
            // The slowest to settle, a step that never did counting as slowest.
            Scaling = runs.Select(r => r.Scaling).MaxBy(s => s is null ? double.NegativeInfinity : s.Max(step => step.SettledAfterSeconds ?? double.PositiveInfinity)),
        };
    }

    /// <summary>The median of the finite values (the mean of the middle two for an even count); NaN when there is none.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(double.IsFinite).Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var middle = sorted.Length / 2;
        return Math.Round(sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2, 2);
    }

    /// <summary>Smallest and largest finite value; NaN, NaN when there is none.</summary>
    public static (double Min, double Max) Spread(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        return finite.Length == 0 ? (double.NaN, double.NaN) : (finite.Min(), finite.Max());
    }

    // A run whose window was too short to measure has an empty array: it takes no part in the element it lacks.
    private static double[] ElementWise(IReadOnlyList<PhaseResult> runs, Func<PhaseResult, double[]> array, Func<IEnumerable<double>, double> combine)
    {
        var length = runs.Max(r => array(r).Length);
        return Enumerable.Range(0, length).Select(i => combine(runs.Select(array).Where(a => a.Length > i).Select(a => a[i]))).ToArray();
    }
}
