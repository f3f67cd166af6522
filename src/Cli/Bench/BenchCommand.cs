using System.Globalization;
using Fraud.Orleans.Cli.Demo;
using Fraud.Orleans.GrainInterfaces;

namespace Fraud.Orleans.Cli.Bench;

/// <summary>
/// <c>fraud bench</c>: the same open-loop stream through our silo and then through the Python peer, each on fresh
/// embedded infrastructure, measured the same way; writes bench-results.json and prints a summary.
/// </summary>
public static class BenchCommand
{
    public const string Usage =
        "fraud bench [--rate 2000] [--duration 60] [--warmup 10] [--peer on|off] [--checkpoint-interval 5] [--customers 5000] [--seed 42] [--file F.csv[.gz]] [--out bench-results.json]";

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

            Console.Error.WriteLine("usage: " + Usage);
            return 2;
        }

        var machine = BenchMachine.Describe();
        Console.WriteLine($"Machine: {machine.Summary}");
        var transactions = Generate(options);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Bench: {transactions.Count:N0} transactions at {options.Rate:N0} tx/s for {options.DurationSeconds:0.#} s (steady window from {options.WarmupSeconds:0.#} s), Silo:CheckpointInterval {options.CheckpointIntervalSeconds:0.##} s"));

        var silo = await BenchPhase.RunAsync(WorkerKind.Silo, options, transactions, cancellationToken);
        PhaseResult? peer = null;
        if (options.RunPeer)
        {
            peer = await BenchPhase.RunAsync(WorkerKind.Peer, options, transactions, cancellationToken);
        }

        var report = new BenchReport(options, machine, silo, peer);
        report.Write(options.OutPath);
        report.Print(Console.Out);
        Console.WriteLine($"Results written to {Path.GetFullPath(options.OutPath)}");
        return silo.Lost == 0 && silo.Duplicates == 0 ? 0 : 1;
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

    /// <summary>The whole stream up front: generating it costs neither phase anything, and both get exactly the same records.</summary>
    private static List<Transaction> Generate(BenchOptions options)
    {
        var transactions = new List<Transaction>(options.TransactionCount);
        foreach (var simulated in TransactionSource.Open(options.File, options.Customers, options.Seed))
        {
            if (transactions.Count == options.TransactionCount)
            {
                break;
            }

            // Ids 0..N-1 in send order: the workers' logs and the read-back index by them.
            transactions.Add(simulated.Transaction with { TransactionId = transactions.Count });
        }

        if (transactions.Count < options.TransactionCount)
        {
            throw new InvalidDataException($"The source holds {transactions.Count:N0} transactions; --rate × --duration needs {options.TransactionCount:N0}.");
        }

        return transactions;
    }
}
