using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fraud.Orleans.Cli.Bench;

/// <summary>bench-results.json and the stdout summary of a ramp: each system's steps and highest sustained rate, and both at the peer's.</summary>
public sealed class RampReport(BenchOptions options, BenchMachine machine, RampSystem silo, RampSystem? peer, RampComparison? comparison)
{
    private static readonly string[] Notes =
    [
        "A step runs one system at one rate on a fresh embedded Kafka and DynamoDB Local, measured as a fixed-rate bench phase: warmup_s, then the steady window ramp_window_s. It is sustained when, over the window, durable p99 <= 500 ms, the consumer lag did not grow (lag_growing, as in a fixed-rate run) and nothing was lost.",
        "The search starts at start_rate and doubles while steps are sustained; after the first failure it bisects between the highest sustained rate and the lowest failed one above it until they are within 10 % of the former; if the start rate fails it halves. At most max_steps steps a system; the two searches alternate step by step.",
        "at_peer_highest_sustained compares both systems at the peer's highest sustained rate (issue #5: our durable p99 at most a third of the peer's), from the ramp's own steps when both ran that rate, else from one extra run of each.",
    ];

    public void Write(string path)
    {
        var config = BenchReport.Config(options);
        config.Remove("duration_s");
        config["start_rate"] = options.Rate;
        config["ramp_window_s"] = options.RampWindowSeconds;
        config["max_steps"] = options.RampSteps;
        var ramp = new JsonObject
        {
            ["criteria"] = new JsonObject { ["durable_p99_ms_max"] = RampStep.MaxDurableP99Ms, ["lag_growing"] = false, ["lost"] = 0 },
            ["silo"] = Node(silo),
        };
        if (peer is not null)
        {
            ramp["peer"] = Node(peer);
            ramp["at_peer_highest_sustained"] = JsonSerializer.SerializeToNode(comparison, BenchReport.Json);
        }

        var root = new JsonObject
        {
            ["machine"] = JsonSerializer.SerializeToNode(machine, BenchReport.Json),
            ["config"] = config,
            ["ramp"] = ramp,
            ["notes"] = BenchReport.Array(Notes),
        };
        File.WriteAllText(path, root.ToJsonString(BenchReport.Json) + Environment.NewLine);
    }

    public void Print(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"Ramp summary; {machine.Summary}");
        foreach (var system in peer is null ? [silo] : new[] { silo, peer })
        {
            var name = system.Kind == WorkerKind.Silo ? "silo" : "python peer";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name}: highest sustained {(system.Search.HighestSustained is { } rate ? $"{rate:N0} tx/s" : "none")}"));
            foreach (var step in system.Steps)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"    {step.Rate,8:N0} tx/s  {(step.Sustained ? "sustained" : "failed   ")}  durable p99 {step.DurableP99Ms,10:0.0} ms  lag growing {(step.LagGrowing ? "yes" : "no "),-3}  lost {step.Lost:N0}{(step.Error is null ? "" : "  (" + step.Error + ")")}"));
            }
        }

        if (comparison is not null)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  at the peer's highest sustained rate, {comparison.Rate:N0} tx/s ({comparison.From}): durable p99 silo {comparison.SiloDurableP99Ms:0.0} ms, peer {comparison.PeerDurableP99Ms:0.0} ms, silo/peer {comparison.Ratio:0.000} (acceptance ≤ 0.333: {(comparison.AcceptanceMet ? "met" : "not met")})"));
        }
        else if (peer is not null)
        {
            output.WriteLine("  the peer sustained no rate tried: no comparison");
        }
    }

    private static JsonObject Node(RampSystem system) => new()
    {
        ["steps"] = JsonSerializer.SerializeToNode(system.Steps, BenchReport.Json),
        ["highest_sustained_rate"] = system.Search.HighestSustained,
    };
}
