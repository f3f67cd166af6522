using System.Globalization;

namespace Fraud.Orleans.Cli.Bench;

/// <summary>
/// <c>fraud bench</c>: the same open-loop stream through our silo and then through the Python peer, each on fresh
/// embedded infrastructure, measured the same way; writes bench-results.json and prints a summary.
/// </summary>
public static class BenchCommand
{
    private const string HelpHint = "see 'fraud bench --help'";

    public static async Task<int> RunAsync(CommandLine args, CancellationToken cancellationToken)
    {
        if (args.String("worker") is { } worker)
        {
            return await RunWorkerAsync(args, worker, cancellationToken);
        }

        var options = BenchOptions.Parse(args, out var errors);
        if (options is null)
        {
            foreach (var error in errors)
            {
                Console.Error.WriteLine($"fraud bench: {error}");
            }

            Console.Error.WriteLine(HelpHint);
            return 2;
        }

        var machine = BenchMachine.Describe();
        Console.WriteLine($"Machine: {machine.Summary}");
        var stream = new BenchStream(options);
        if (options.Ramp)
        {
            return await BenchRamp.RunAsync(options, machine, stream, cancellationToken);
        }

        var transactions = stream.Take(options.TransactionCount);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Bench: {transactions.Count:N0} transactions at {options.Rate:N0} tx/s for {options.DurationSeconds:0.#} s (steady window from {options.WarmupSeconds:0.#} s), Silo:CheckpointInterval {options.CheckpointIntervalSeconds:0.##} s"));

        // Silo, peer, silo, peer, ...: a machine whose load drifts over the runs then drifts under both alike.
        var runs = new List<BenchRun>();
        for (var run = 1; run <= options.Runs; run++)
        {
            var stage = options.Runs > 1 ? $"run {run}/{options.Runs}" : null;
            var silo = await BenchPhase.RunAsync(WorkerKind.Silo, options, transactions, cancellationToken, stage);
            var peer = options.RunPeer ? await BenchPhase.RunAsync(WorkerKind.Peer, options, transactions, cancellationToken, stage) : null;
            runs.Add(new BenchRun(silo, peer));
        }

        var report = new BenchReport(options, machine, runs);
        report.Write(options.OutPath);
        report.Print(Console.Out);
        Console.WriteLine($"Results written to {Path.GetFullPath(options.OutPath)}");
        if (Capacity.CapacityRefresh.Applies(options) && File.Exists(options.CapacityFile))
        {
            // The command as the user typed it names the source of every constant it refreshes.
            var command = "./fraud " + string.Join(" ", Environment.GetCommandLineArgs().Skip(1));
            var refreshed = Capacity.CapacityRefresh.Write(options.CapacityFile, Capacity.CapacityRefresh.Measured(RunAggregate.Of(runs.Select(r => r.Silo).ToList())), command, DateTimeOffset.UtcNow);
            Console.WriteLine($"Capacity constants refreshed in {Path.GetFullPath(options.CapacityFile)}: {string.Join(", ", refreshed)}");
        }
        return runs.All(r => r.Silo.Lost == 0 && r.Silo.Duplicates == 0 && (r.Silo.CardTotals?.Wrong ?? 0) == 0) ? 0 : 1;
    }

    private static async Task<int> RunWorkerAsync(CommandLine args, string worker, CancellationToken cancellationToken)
    {
        var log = args.String("log");
        var capacity = args.Int("capacity", 0, 1, 100_000_000);
        if (worker != "silo" || log is null || args.Errors.Count > 0)
        {
            Console.Error.WriteLine("fraud bench --worker silo --log PATH --capacity N (started by fraud bench itself)");
            return 2;
        }

        return await SiloWorker.RunAsync(log, capacity, cancellationToken);
    }
}
