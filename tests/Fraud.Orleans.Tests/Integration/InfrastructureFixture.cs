using Fraud.Orleans.Embedded;
using Fraud.Orleans.Ingest;

namespace Fraud.Orleans.Tests.Integration;

/// <summary>One embedded Kafka cluster and one DynamoDB Local for the integration tests; each test uses its own topics, group and tables.</summary>
public sealed class InfrastructureFixture : IAsyncLifetime
{
    private int _next;

    public EmbeddedInfrastructure Infrastructure { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Infrastructure = await EmbeddedInfrastructure.StartAsync(new KafkaIngestOptions { Topic = "fixture", DeadLetterTopic = "fixture.dlq", Partitions = 1 }, CancellationToken.None);

    public async Task DisposeAsync() => await Infrastructure.DisposeAsync();

    /// <summary>Fresh topic, dead-letter topic, group and table names, with the topics created.</summary>
    public TestNames NewNames(int partitions = 4)
    {
        var id = $"t{Interlocked.Increment(ref _next)}-{Guid.NewGuid():N}"[..16];
        var names = new TestNames(id);
        Infrastructure.Kafka.CreateTopic(names.Topic, partitions);
        Infrastructure.Kafka.CreateTopic(names.DeadLetterTopic, 1);
        Infrastructure.Kafka.CreateTopic(names.LabelTopic, partitions);
        return names;
    }
}

public sealed record TestNames(string Id)
{
    public string Topic => $"tx-{Id}";

    public string DeadLetterTopic => $"tx-{Id}.dlq";

    public string LabelTopic => $"labels-{Id}";

    public string Group => $"g-{Id}";

    public string StateTable => $"state-{Id}";

    public string SignalTable => $"signals-{Id}";

    public string ReviewTable => $"reviews-{Id}";

    public string LabelTable => $"label-table-{Id}";
}

[CollectionDefinition(Name)]
public sealed class IntegrationCollection : ICollectionFixture<InfrastructureFixture>
{
    public const string Name = "integration";
}
