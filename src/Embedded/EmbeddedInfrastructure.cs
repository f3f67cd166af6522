using Fraud.Orleans.Ingest;

namespace Fraud.Orleans.Embedded;

/// <summary>Kafka (librdkafka's mock cluster) and DynamoDB Local, in and under this process, shared by its silos.</summary>
public sealed class EmbeddedInfrastructure : IAsyncDisposable
{
    private EmbeddedInfrastructure(MockKafkaCluster kafka, DynamoDbLocal dynamoDb)
    {
        Kafka = kafka;
        DynamoDb = dynamoDb;
    }

    public MockKafkaCluster Kafka { get; }

    public DynamoDbLocal DynamoDb { get; }

    public static async Task<EmbeddedInfrastructure> StartAsync(KafkaIngestOptions topics, CancellationToken cancellationToken)
    {
        var kafka = MockKafkaCluster.Start();
        try
        {
            kafka.CreateIngestTopics(topics);
            var dynamoDb = await DynamoDbLocal.StartAsync(null, cancellationToken).ConfigureAwait(false);
            return new EmbeddedInfrastructure(kafka, dynamoDb);
        }
        catch
        {
            kafka.Dispose();
            throw;
        }
    }

    /// <summary>Settings that point a silo at this infrastructure.</summary>
    public Dictionary<string, string?> SiloSettings() => new()
    {
        ["Kafka:BootstrapServers"] = Kafka.BootstrapServers,
        ["DynamoDB:ServiceUrl"] = DynamoDb.ServiceUrl.ToString(),
        ["Urls"] = "http://127.0.0.1:0",
    };

    public async ValueTask DisposeAsync()
    {
        await DynamoDb.DisposeAsync().ConfigureAwait(false);
        Kafka.Dispose();
    }
}
