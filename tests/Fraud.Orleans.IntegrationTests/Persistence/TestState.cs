namespace Fraud.Orleans.IntegrationTests.Persistence;

/// <summary>A small grain state for storage tests.</summary>
public sealed class TestState
{
    public int Count { get; set; }

    public List<string> Seen { get; set; } = [];
}
