using System.Globalization;

namespace Fraud.Orleans.Cli.Bench;

/// <summary>
/// A <see cref="ScalePlan"/> carried out on a phase's silo workers by the load's clock: at each step it starts silo
/// processes (launches not yet used, in order) or stops the youngest gracefully, then times the step until the
/// live silos share every partition again, by their status lines.
/// </summary>
public sealed class ScaleRun(ScalePlan plan, IReadOnlyList<WorkerLaunch> launches, WorkerGroup workers, int partitions, string label)
{
    private readonly List<ScaleStep> _steps = [];
    private readonly List<Task<int>> _stopping = [];
    private int _next = 1;
    private int _launched = plan.Counts[0];

    public IReadOnlyList<ScaleStep> Steps => _steps;

    /// <summary>Called on the bench's loop: starts a step that is due, and settles the step under way.</summary>
    public void Update(double seconds)
    {
        if (_steps.Count > 0 && _steps[^1].SettledAfterSeconds is null && workers.LiveShare(partitions))
        {
            var step = _steps[^1] with { SettledAfterSeconds = Math.Round(seconds - _steps[^1].AtSeconds, 1) };
            _steps[^1] = step;
            Print(seconds, $"{step.To} silos share the {partitions} partitions, {step.SettledAfterSeconds:0.0} s after the step began");
        }

        if (_next >= plan.Counts.Count || seconds < plan.StepAt(_next))
        {
            return;
        }

        var from = workers.LiveCount;
        var to = plan.Counts[_next++];
        for (var i = from; i < to; i++)
        {
            workers.Add(launches[_launched++]);
        }

        for (var i = to; i < from; i++)
        {
            _stopping.Add(workers.StopYoungestAsync(TimeSpan.FromSeconds(120)));
        }

        _steps.Add(new ScaleStep(from, to, Math.Round(seconds, 1), null));
        Print(seconds, to > from ? $"scaling out {from} -> {to} silos: starting {to - from}" : $"scaling in {from} -> {to} silos: stopping {from - to} gracefully");
    }

    /// <summary>The exit codes of the silos stopped by the plan, once they have exited.</summary>
    public Task<int[]> StoppedAsync() => Task.WhenAll(_stopping);

    private void Print(double seconds, string what) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{label} {seconds,5:0.0}s] {what}"));
}
