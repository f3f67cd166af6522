using Orleans;

namespace Fraud.Orleans.GrainInterfaces;

/// <summary>
/// What a terminal's history says when a transaction is scored at time t, with the label delay d (7 days):
/// the terminal's transactions with time in (t - (d + n) days, t - d] for n in 1, 7, 30, and how many of them
/// were confirmed frauds; and its trailing run of confirmed frauds (<see cref="Run"/>). The delay exists because
/// fraud labels arrive about a week after the transaction.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("fraud.TerminalRisk")]
public readonly record struct TerminalRisk(
    int Count1Day,
    int Frauds1Day,
    int Count7Days,
    int Frauds7Days,
    int Count30Days,
    int Frauds30Days,
    TerminalRun Run)
{
    /// <summary>A terminal without any history.</summary>
    public static TerminalRisk None { get; } = new(0, 0, 0, 0, 0, 0, TerminalRun.None);

    public double Risk1Day => Ratio(Frauds1Day, Count1Day);

    public double Risk7Days => Ratio(Frauds7Days, Count7Days);

    public double Risk30Days => Ratio(Frauds30Days, Count30Days);

    // The handbook's definition: no transaction in the window means no risk.
    private static double Ratio(int frauds, int count) => count == 0 ? 0 : (double)frauds / count;
}
