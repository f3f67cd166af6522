using Fraud.Orleans.Cli.Metrics;

namespace Fraud.Orleans.Cli.Bench;

/// <summary>
/// Turns what a phase collected into a <see cref="PhaseResult"/>, the same way for the silo and the peer: every
/// sent transaction counts, and one never decided or never durable counts as 100 s (the histogram's ceiling), so
/// losses raise the percentiles instead of vanishing from them. Several silo workers are merged first
/// (<see cref="MergedRows"/>, <see cref="MergedSamples"/>) and then measured as one.
/// </summary>
public static class PhaseAnalysis
{
    public sealed record Inputs(
        string System,
        int Rate,
        long Sent,
        double SendSeconds,
        long LoadStartUnixMs,
        double WarmupSeconds,
        double DurationSeconds,
        IReadOnlyList<IEnumerable<LatencyRow>> Rows,
        IReadOnlyCollection<WorkerSample> Samples,
        long TableCount,
        (int Checked, int Bad) ReadBack,
        double PeakRssMb);

    public static PhaseResult Analyse(Inputs input)
    {
        var sent = input.Sent;
        var rows = MergedRows.Of(input.Rows, sent);
        var (decidedUs, durableUs, traceMs, seen) = (rows.DecidedUs, rows.DurableUs, rows.TraceMs, rows.Seen);
        var steadyFrom = input.LoadStartUnixMs + (long)(input.WarmupSeconds * 1000);
        var steadyTo = input.LoadStartUnixMs + (long)(input.DurationSeconds * 1000);
        var (allDecided, allDurable, steadyDecided, steadyDurable) = (LatencyHistogram.SingleThreaded(), LatencyHistogram.SingleThreaded(), LatencyHistogram.SingleThreaded(), LatencyHistogram.SingleThreaded());
        for (var id = 0L; id < sent; id++)
        {
            // Scheduled time of an undecided transaction: the bench's own schedule (the same formula the load used).
            var scheduled = seen[id] ? traceMs[id] : input.LoadStartUnixMs + (id * 1000 / input.Rate);
            allDecided.RecordMicros(decidedUs[id]);
            allDurable.RecordMicros(durableUs[id]);
            if (scheduled >= steadyFrom && scheduled < steadyTo)
            {
                steadyDecided.RecordMicros(decidedUs[id]);
                steadyDurable.RecordMicros(durableUs[id]);
            }
        }

        var window = SteadyWindow(input.Samples, input.WarmupSeconds, input.DurationSeconds);
        var whole = WholeRunWindow(input.Samples);
        return new PhaseResult
        {
            System = input.System,
            RateTarget = input.Rate,
            RateAchieved = Math.Round(sent / Math.Max(input.SendSeconds, 0.001), 1),
            Sent = sent,
            Signals = input.TableCount,
            Lost = Math.Max(0, sent - input.TableCount),
            Duplicates = rows.Duplicates,
            Replayed = input.Rows.Count > 1 ? rows.Replayed : null,
            DecisionP50Ms = Ms(steadyDecided.PercentileMs(0.5)),
            DecisionP99Ms = Ms(steadyDecided.PercentileMs(0.99)),
            DecisionP999Ms = Ms(steadyDecided.PercentileMs(0.999)),
            DecisionMaxMs = Ms(steadyDecided.MaxMs),
            DurableP50Ms = Ms(steadyDurable.PercentileMs(0.5)),
            DurableP99Ms = Ms(steadyDurable.PercentileMs(0.99)),
            DurableP999Ms = Ms(steadyDurable.PercentileMs(0.999)),
            DurableMaxMs = Ms(steadyDurable.MaxMs),
            WorkerCpuUsPerEvent = window?.WorkerUsPerEvent ?? double.NaN,
            PeakRssMb = Math.Round(input.PeakRssMb, 1),
            All = new PhaseResult.WholeRun(
                Ms(allDecided.PercentileMs(0.5)), Ms(allDecided.PercentileMs(0.99)), Ms(allDecided.PercentileMs(0.999)),
                Ms(allDurable.PercentileMs(0.5)), Ms(allDurable.PercentileMs(0.99)), Ms(allDurable.PercentileMs(0.999)), Ms(allDurable.MaxMs),
                whole ?? double.NaN),
            SteadyWindowSeconds = window is null ? [] : [Math.Round(window.From, 2), Math.Round(window.To, 2)],
            BenchCpuUsPerEvent = window?.BenchUsPerEvent ?? double.NaN,
            DynamoDbCpuUsPerEvent = window?.DynamoDbUsPerEvent ?? double.NaN,
            Cores = window?.Cores ?? [],
            Lag = window?.Lag ?? [],
            LagGrowing = window?.LagGrowing ?? true,
            ReadBackSample = input.ReadBack.Checked,
            ReadBackMissing = input.ReadBack.Bad,
        };
    }

    private sealed record Window(
        double From, double To, double WorkerUsPerEvent, double BenchUsPerEvent, double DynamoDbUsPerEvent, double[] Cores, long[] Lag, bool LagGrowing);

    /// <summary>CPU and lag between the first status line after the warm-up and the last one before sending stopped.</summary>
    private static Window? SteadyWindow(IReadOnlyCollection<WorkerSample> samples, double warmup, double duration)
    {
        var inside = samples.Where(s => s.Status.Ready && s.Seconds >= warmup && s.Seconds <= duration).OrderBy(s => s.Seconds).ToList();
        if (inside.Count < 2)
        {
            return null;
        }

        var (a, b) = (inside[0], inside[^1]);
        var seconds = b.Seconds - a.Seconds;
        var decided = Math.Max(1, b.Status.Decided - a.Status.Decided);
        var sent = Math.Max(1, b.Scheduled - a.Scheduled);
        var lag = new[] { a.Lag, b.Lag, inside.Max(s => s.Lag) };
        return new Window(
            a.Seconds, b.Seconds,
            Round((b.WorkerCpu - a.WorkerCpu) * 1e6 / decided),
            Round((b.BenchCpu - a.BenchCpu) * 1e6 / sent),
            Round((b.DynamoDbCpu - a.DynamoDbCpu) * 1e6 / decided),
            [Round((b.WorkerCpu - a.WorkerCpu) / seconds), Round((b.BenchCpu - a.BenchCpu) / seconds), Round((b.DynamoDbCpu - a.DynamoDbCpu) / seconds)],
            lag,
            // Growing: the backlog rose by more than half a second of load across the window.
            b.Lag - a.Lag > (b.Scheduled - a.Scheduled) / seconds / 2);
    }

    /// <summary>Worker CPU per decided transaction from its first ready status line to its last: start-up, warm-up and drain included.</summary>
    private static double? WholeRunWindow(IReadOnlyCollection<WorkerSample> samples)
    {
        var ready = samples.Where(s => s.Status.Ready && s.WorkerCpu > 0).OrderBy(s => s.Seconds).ToList();
        if (ready.Count < 2 || ready[^1].Status.Decided == 0)
        {
            return null;
        }

        return Round((ready[^1].WorkerCpu - ready[0].WorkerCpu) * 1e6 / ready[^1].Status.Decided);
    }

    private static double Ms(double value) => Math.Round(value, 2);

    private static double Round(double value) => Math.Round(value, 2);
}
