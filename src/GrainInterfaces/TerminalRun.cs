using Orleans;

namespace Fraud.Orleans.GrainInterfaces;

/// <summary>
/// Whether a terminal looks compromised still, or no longer, when a transaction is scored at time t: its trailing run of
/// confirmed frauds and its latest genuine transaction, among its transactions (all cards) with time in
/// (t − d − 60 days, t − d], d the label delay, in (event time, transaction id) order. The handbook's simulator
/// compromises a terminal for 28 days, so a run's age tells a compromise still going on from one that is over, which
/// the risk windows alone do not. The bound of 60 days keeps the terminal's history finite; a run that reaches it
/// starts at the window's earliest transaction.
/// </summary>
/// <param name="RunAgeDays">Calendar days from the run's first transaction to t (TERM_RUN_AGE_DAYS); <see cref="NoAge"/> without a run.</param>
/// <param name="GenuineAgeDays">Calendar days from the latest genuine transaction to t (TERM_GEN_AGE_DAYS); <see cref="NoAge"/> without one.</param>
/// <param name="RunLength">Transactions in the run (TERM_RUN_LEN); 0 without a run.</param>
/// <param name="LastGenuineAgeSeconds">Seconds from the latest genuine transaction to t (TERM_LAST_GENUINE_AGE); <see cref="NoAge"/> without one or beyond 60 days.</param>
[GenerateSerializer]
[Immutable]
[Alias("fraud.TerminalRun")]
public readonly record struct TerminalRun(int RunAgeDays, int GenuineAgeDays, int RunLength, double LastGenuineAgeSeconds)
{
    /// <summary>Sentinel of the ages when the transaction they date is not there.</summary>
    public const int NoAge = -1;

    /// <summary>A terminal with no transaction in its labelled window.</summary>
    public static TerminalRun None { get; } = new(NoAge, NoAge, 0, NoAge);
}
