namespace Fraud.Orleans.Cli.Replay;

/// <summary>What a replay publishes next.</summary>
public enum ReplayStepKind
{
    /// <summary>Row <see cref="ReplayStep.Row"/> to the transactions topic.</summary>
    Transaction,

    /// <summary>The fraud label of row <see cref="ReplayStep.Row"/> to the labels topic.</summary>
    Label,

    /// <summary>A watermark, <see cref="ReplayStep.CompleteThroughMs"/>, to every partition of the labels topic.</summary>
    Watermark,
}

/// <summary>One step of <see cref="ReplaySchedule"/>.</summary>
public readonly record struct ReplayStep(ReplayStepKind Kind, int Row, long CompleteThroughMs)
{
    public static ReplayStep Transaction(int row) => new(ReplayStepKind.Transaction, row, 0);

    public static ReplayStep Label(int row) => new(ReplayStepKind.Label, row, 0);

    public static ReplayStep Watermark(long completeThroughMs) => new(ReplayStepKind.Watermark, -1, completeThroughMs);
}
