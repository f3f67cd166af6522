using System.CommandLine;
using Fraud.Orleans.Cli;
using Fraud.Orleans.Simulator;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true; // stop gracefully: everything started is shut down on the way out
    cancel.Cancel();
};

var parse = CliCommands.Create().Parse(args);
var invocation = new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
if (parse.Errors.Count > 0)
{
    // System.CommandLine prints the errors, its typo suggestions and the command's help; usage errors exit 2.
    await parse.InvokeAsync(invocation, cancel.Token);
    return 2;
}

var command = parse.CommandResult.Command.Name;
try
{
    return await parse.InvokeAsync(invocation, cancel.Token);
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
