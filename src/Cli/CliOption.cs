namespace Fraud.Orleans.Cli;

/// <summary>One option of a <c>fraud</c> command: <c>--name value</c>, or a bare <c>--name</c> when <paramref name="IsFlag"/>.</summary>
/// <param name="Hidden">Left out of the help: options the CLI passes to its own worker processes.</param>
public sealed record CliOption(string Name, string Description, bool IsFlag = false, bool Hidden = false);
