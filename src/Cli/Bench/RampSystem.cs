namespace Fraud.Orleans.Cli.Bench;

/// <summary>A system under a ramp search: which one, where its search stands, and the steps it ran.</summary>
public sealed record RampSystem(WorkerKind Kind, RampSearch Search)
{
    public List<RampStep> Steps { get; } = [];
}
