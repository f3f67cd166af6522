using System.CommandLine;
using Fraud.Orleans.Cli.Bench;
using Fraud.Orleans.Cli.Capacity;
using Fraud.Orleans.Cli.Demo;
using Fraud.Orleans.Cli.Evaluate;
using Fraud.Orleans.Cli.Hosting;
using Fraud.Orleans.Cli.Replay;

namespace Fraud.Orleans.Cli;

/// <summary>
/// The <c>fraud</c> command tree on System.CommandLine: the grammar, <c>--help</c> on every command, unknown options
/// and typo suggestions are its; the range of each value and which options go together stay with each command's
/// options type, which reads them through <see cref="CommandLine"/>.
/// </summary>
public static class CliCommands
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Fraud.Orleans: real-time card-fraud scoring (Kafka -> card grains -> ONNX model -> DynamoDB).");
        root.Subcommands.Add(Create(
            "demo", "The main job: embedded Kafka, DynamoDB Local and a silo, a paced stream of transactions, a live view.",
            DemoCommand.Options, DemoCommand.RunAsync));
        root.Subcommands.Add(Create(
            "replay", "Replay a handbook file in event time (labels on the labels topic, a week late) and write every score.",
            ReplayOptions.Options, ReplayCommand.RunAsync));
        root.Subcommands.Add(Create(
            "evaluate", "AUC, average precision and card precision@k of a replay's scores over whole days.",
            EvaluateOptions.Options, (args, _) => Task.FromResult(EvaluateCommand.Run(args))));
        root.Subcommands.Add(Create(
            "bench", "Load benchmark: the same open-loop stream through the silo and the Python peer (BENCHMARKS.md).",
            BenchOptions.Options, BenchCommand.RunAsync));
        root.Subcommands.Add(Create(
            "capacity", "The capacity model for a rate: silos, Kafka partitions, DynamoDB writes and cost, replay after a failure (docs/capacity.md).",
            CapacityOptions.Options, (args, _) => Task.FromResult(CapacityCommand.Run(args))));

        var silo = new Command("silo", "A development silo; Kafka or DynamoDB left unset are started embedded. Settings: --Section:Key value.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        silo.SetAction((result, cancellationToken) => SiloCommand.RunAsync([.. result.UnmatchedTokens], cancellationToken));
        root.Subcommands.Add(silo);
        return root;
    }

    /// <summary>What <paramref name="command"/> receives for <paramref name="args"/>, parse errors included (tests of option handling).</summary>
    public static CommandLine Parse(string command, params string[] args)
    {
        CommandLine? parsed = null;
        var root = Create();
        var target = root.Subcommands.Single(c => c.Name == command);
        target.SetAction((result, _) =>
        {
            parsed = Read(result, target);
            return Task.FromResult(0);
        });
        var parse = root.Parse([command, .. args]);
        return parse.Errors.Count > 0 ? Read(parse, target) : RunToRead(parse, () => parsed!);
    }

    private static CommandLine RunToRead(ParseResult parse, Func<CommandLine> parsed)
    {
        parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        return parsed();
    }

    private static Command Create(
        string name, string description, IReadOnlyList<CliOption> options, Func<CommandLine, CancellationToken, Task<int>> run)
    {
        var command = new Command(name, description);
        foreach (var option in options)
        {
            command.Options.Add(option.IsFlag
                ? new Option<bool>("--" + option.Name) { Description = option.Description, Hidden = option.Hidden }
                : new Option<string>("--" + option.Name) { Description = option.Description, Hidden = option.Hidden, HelpName = "value" });
        }

        command.SetAction((result, cancellationToken) => run(Read(result, command), cancellationToken));
        return command;
    }

    private static CommandLine Read(ParseResult result, Command command)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        foreach (var option in command.Options)
        {
            var name = option.Name.TrimStart('-');
            switch (option)
            {
                case Option<bool> flag when result.GetValue(flag):
                    flags.Add(name);
                    break;
                case Option<string> value when result.GetValue(value) is { } text:
                    values[name] = text;
                    break;
            }
        }

        return new CommandLine(values, flags, result.Errors.Select(e => e.Message));
    }
}
