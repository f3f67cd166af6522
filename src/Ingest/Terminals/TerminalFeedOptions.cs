namespace Fraud.Orleans.Ingest.Terminals;

/// <summary>What the terminal feed needs to know of the risk windows it serves (bound from the grains' settings).</summary>
public sealed record TerminalFeedOptions(TimeSpan LabelDelay, TimeSpan LabelWait, TimeSpan AllowedLateness);
