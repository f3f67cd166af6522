using Orleans;

namespace Fraud.Orleans.IntegrationTests.Cluster;

[GenerateSerializer, Immutable]
public sealed record TallyReply([property: Id(0)] int Total, [property: Id(1)] int Writes, [property: Id(2)] string Silo);
