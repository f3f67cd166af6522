namespace Fraud.Orleans.Cli.Bench;

/// <summary>
/// The status lines of several silo workers as one series, as if a single worker had printed them: at every line
/// any worker printed, the sum of all workers' counts and CPU. Workers print on their own clocks, half a second
/// apart; taking the others' last line instead would miss up to half a second of their work, enough to fake or
/// hide a growing lag, so each other worker's figures are interpolated to that moment: counts by status time,
/// CPU by the time the bench read it.
/// </summary>
public static class MergedSamples
{
    public static IReadOnlyCollection<WorkerSample> Of(IReadOnlyList<IReadOnlyCollection<WorkerSample>> workers)
    {
        if (workers.Count == 1)
        {
            return workers[0];
        }

        var series = workers.Where(w => w.Count > 0).Select(w => w.OrderBy(s => s.Seconds).ToArray()).ToArray();
        if (series.Length < workers.Count)
        {
            return []; // a worker that never reported: there is no whole to measure
        }

        return series.SelectMany(s => s).OrderBy(s => s.Seconds).Select(point => At(series, point)).ToList();
    }

    /// <summary>
    /// The sum of each worker's latest line: the live view, where a half-second skew does not matter. A worker with
    /// no line yet (starting, or added by <c>--scale</c>) has decided nothing, and adds nothing.
    /// </summary>
    public static WorkerSample? Latest(IReadOnlyList<WorkerSample?> latest)
    {
        var all = latest.OfType<WorkerSample>().ToList();
        if (all.Count == 0)
        {
            return null;
        }

        var status = new WorkerStatus(all.All(s => s.Status.Ready), all.Sum(s => s.Status.Decided), all.Sum(s => s.Status.Durable), all.Max(s => s.Status.TimeMs));
        return new WorkerSample(all.Max(s => s.Seconds), all.Max(s => s.Scheduled), status, all.Sum(s => s.WorkerCpu), all[0].BenchCpu, all[0].DynamoDbCpu);
    }

    private static WorkerSample At(WorkerSample[][] series, WorkerSample point)
    {
        var time = point.Status.TimeMs;
        var decided = series.Sum(s => Interpolate(s, time, x => x.Status.TimeMs, x => x.Status.Decided));
        var durable = series.Sum(s => Interpolate(s, time, x => x.Status.TimeMs, x => x.Status.Durable));
        var cpu = series.Sum(s => Interpolate(s, point.Seconds, x => x.Seconds, x => x.WorkerCpu));
        // Ready only when every worker's last line so far said so: before that the group is still forming.
        var ready = series.All(s => s.LastOrDefault(x => x.Seconds <= point.Seconds)?.Status.Ready == true);
        var status = new WorkerStatus(ready, (long)Math.Round(decided), (long)Math.Round(durable), time);
        // The bench's and DynamoDB Local's CPU were read by the bench itself at this line: nothing to add up.
        return point with { Status = status, WorkerCpu = cpu };
    }

    /// <summary>Linear between the lines around <paramref name="at"/>; the first or last line's value outside them.</summary>
    private static double Interpolate(WorkerSample[] series, double at, Func<WorkerSample, double> key, Func<WorkerSample, double> value)
    {
        if (at <= key(series[0]))
        {
            return value(series[0]);
        }

        for (var i = 1; i < series.Length; i++)
        {
            var (x0, x1) = (key(series[i - 1]), key(series[i]));
            if (at <= x1)
            {
                return x1 == x0 ? value(series[i]) : value(series[i - 1]) + ((value(series[i]) - value(series[i - 1])) * (at - x0) / (x1 - x0));
            }
        }

        return value(series[^1]);
    }
}
