using System.Globalization;

namespace Fraud.Orleans.Cli.Bench;

/// <summary>
/// <c>fraud bench --ramp</c>: searches the highest rate each system sustains (<see cref="RampSearch"/>, each step
/// a <see cref="BenchPhase"/> of warm-up + steady window on fresh infrastructure), the two searches interleaved
/// step by step so that a drifting machine load hits both; then compares both at the peer's highest sustained rate.
/// </summary>
public static class BenchRamp
{
    public static async Task<int> RunAsync(BenchOptions options, BenchMachine machine, BenchStream stream, CancellationToken cancellationToken)
    {
        var silo = new RampSystem(WorkerKind.Silo, new RampSearch(options.Rate, options.RampMaxRate, options.RampSteps));
        var peer = options.RunPeer ? new RampSystem(WorkerKind.Peer, new RampSearch(options.Rate, options.RampMaxRate, options.RampSteps)) : null;
        var systems = peer is null ? new[] { silo } : [silo, peer];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Ramp: from {options.Rate:N0} tx/s, steps of {options.WarmupSeconds:0.#} s warm-up + {options.RampWindowSeconds:0.#} s steady window, at most {options.RampSteps} steps a system; sustained: durable p99 ≤ {RampStep.MaxDurableP99Ms:0} ms, lag not growing, nothing lost"));

        var runner = new RampStepRunner(options, stream, systems, cancellationToken);
        while (systems.FirstOrDefault(s => s.Search.Next() is not null) is not null)
        {
            foreach (var system in systems)
            {
                if (system.Search.Next() is { } rate)
                {
                    var step = await runner.RunAsync(system.Kind, rate, $"step {system.Search.Tried + 1}", extraSteps: peer is null ? 0 : 2);
                    system.Search.Record(step.Rate, step.Sustained);
                    system.Steps.Add(step);
                }
            }
        }

        var comparison = peer is null ? null : await CompareAsync(silo, peer, runner);
        var report = new RampReport(options, machine, silo, peer, comparison);
        report.Write(options.OutPath);
        report.Print(Console.Out);
        Console.WriteLine($"Results written to {Path.GetFullPath(options.OutPath)}");
        return silo.Steps.All(s => s.Duplicates == 0) ? 0 : 1;
    }

    /// <summary>Both systems at the peer's highest sustained rate: from the steps if both ran it, else both run again at it.</summary>
    private static async Task<RampComparison?> CompareAsync(RampSystem silo, RampSystem peer, RampStepRunner runner)
    {
        if (peer.Search.HighestSustained is not { } rate)
        {
            return null;
        }

        var siloStep = silo.Steps.LastOrDefault(s => s.Rate == rate && s.Error is null);
        var peerStep = peer.Steps.Last(s => s.Rate == rate);
        if (siloStep is not null)
        {
            return RampComparison.Of(rate, siloStep, peerStep, "ramp steps");
        }

        siloStep = await runner.RunAsync(WorkerKind.Silo, rate, "at the peer's highest", extraSteps: 1);
        peerStep = await runner.RunAsync(WorkerKind.Peer, rate, "at the peer's highest", extraSteps: 0);
        return RampComparison.Of(rate, siloStep, peerStep, "extra runs");
    }
}
