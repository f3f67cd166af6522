using Orleans;

namespace Fraud.Orleans.IntegrationTests.Cluster;

[GenerateSerializer]
public sealed class TallyState
{
    [Id(0)]
    public int Total { get; set; }

    [Id(1)]
    public int Writes { get; set; }
}
