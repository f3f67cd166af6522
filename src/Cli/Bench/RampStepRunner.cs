using System.Diagnostics;
using System.Globalization;

namespace Fraud.Orleans.Cli.Bench;

/// <summary>Runs the steps of a ramp, printing progress: the step number and an ETA from the steps left at the most.</summary>
public sealed class RampStepRunner(BenchOptions options, BenchStream stream, IReadOnlyList<RampSystem> systems, CancellationToken cancellationToken)
{
    /// <summary>Start-up, drain, stop and table scan around a step's load, for the ETA before a step has been timed.</summary>
    private const double OverheadSecondsGuess = 30;

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _done;

    /// <param name="extraSteps">Steps that may follow the searches (the comparison at the peer's highest rate).</param>
    public async Task<RampStep> RunAsync(WorkerKind kind, int rate, string stage, int extraSteps)
    {
        var left = systems.Sum(s => s.Search.MostStepsLeft) + extraSteps;
        var perStep = _done == 0 ? options.DurationSeconds + OverheadSecondsGuess : _clock.Elapsed.TotalSeconds / _done;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[ramp] step {_done + 1} ({kind.ToString().ToLowerInvariant()} {stage}, {rate:N0} tx/s); at most {left} steps left, ETA ≤ {left * perStep / 60:0.#} min"));
        var stepOptions = options with { Rate = rate };
        RampStep step;
        try
        {
            var result = await BenchPhase.RunAsync(kind, stepOptions, stream.Take(stepOptions.TransactionCount), cancellationToken, stage);
            step = RampStep.Of(result);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            Console.Error.WriteLine($"[ramp] {kind.ToString().ToLowerInvariant()} at {rate:N0} tx/s broke down: {ex.Message}");
            step = RampStep.Failed(rate, ex.Message);
        }

        _done++;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[ramp] {kind.ToString().ToLowerInvariant()} at {rate:N0} tx/s: {(step.Sustained ? "sustained" : "NOT sustained")} (durable p99 {step.DurableP99Ms:0.0} ms, lag growing {(step.LagGrowing ? "yes" : "no")}, lost {step.Lost:N0})"));
        return step;
    }
}
