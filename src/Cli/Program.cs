using Fraud.Orleans.Cli;
using Fraud.Orleans.Cli.Bench;
using Fraud.Orleans.Cli.Demo;
using Fraud.Orleans.Cli.Evaluate;
using Fraud.Orleans.Cli.Replay;
using Fraud.Orleans.Cli.Hosting;
using Fraud.Orleans.Simulator;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true; // stop gracefully: everything started is shut down on the way out
    cancel.Cancel();
};

var command = args.Length > 0 ? args[0] : "help";
var rest = args.Skip(1).ToArray();
try
{
    return command switch
    {
        "demo" => await DemoCommand.RunAsync(new CommandLine(rest, DemoCommand.Options), cancel.Token),
        "replay" => await ReplayCommand.RunAsync(new CommandLine(rest, ReplayOptions.Names), cancel.Token),
        "evaluate" => EvaluateCommand.Run(new CommandLine(rest, EvaluateOptions.Names)),
        "bench" => await BenchCommand.RunAsync(new CommandLine(rest, BenchOptions.Names, BenchOptions.Flags), cancel.Token),
        "silo" => await SiloCommand.RunAsync(rest, cancel.Token),
        _ => Help(),
    };
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Console.Error.WriteLine("Cancelled.");
    return 130;
}
catch (Exception ex) when (ex is HandbookCsvFormatException or FileNotFoundException or InvalidDataException or TimeoutException or InvalidOperationException)
{
    // Bad input or a pipeline that did not come up: the message says what; a stack trace would bury it.
    Console.Error.WriteLine($"fraud {command}: {ex.Message}");
    return 1;
}

static int Help()
{
    Console.WriteLine("fraud demo [--duration 30] [--rate 1000] [--file F.csv[.gz]] [--customers 5000] [--seed 42]");
    Console.WriteLine("fraud replay --file F.csv[.gz] --out scores.csv [--label-delay-days 7] [--max-lag 40000] [--rate TX_PER_S] [--checkpoint-interval 15]");
    Console.WriteLine("fraud evaluate --scores scores.csv --labels F.csv[.gz] --from yyyy-MM-dd --to yyyy-MM-dd [--json out.json] [--known-from yyyy-MM-dd|all] [--top-k 100]");
    Console.WriteLine(BenchCommand.Usage);
    Console.WriteLine("fraud silo [--Section:Key value ...]   a development silo; Kafka/DynamoDB not configured are started embedded");
    return 2;
}
