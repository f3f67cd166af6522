namespace Fraud.Orleans.Ingest.Embedded;

public static class MockKafkaClusterTopics
{
    /// <summary>Creates the transactions topic and its single-partition dead-letter topic that <paramref name="options"/> names.</summary>
    public static void CreateIngestTopics(this MockKafkaCluster kafka, KafkaIngestOptions options)
    {
        kafka.CreateTopic(options.Topic, options.Partitions);
        kafka.CreateTopic(options.DeadLetterTopic, 1);
    }
}
