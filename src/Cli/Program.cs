using Fraud.Orleans.Cli;
using Fraud.Orleans.Cli.Demo;

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
        _ => Help(),
    };
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Console.Error.WriteLine("Cancelled.");
    return 130;
}

static int Help()
{
    Console.WriteLine("fraud demo [--duration 30] [--rate 1000] [--file F.csv[.gz]] [--customers 5000] [--seed 42]");
    return 2;
}
