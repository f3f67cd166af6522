using Fraud.Orleans.Ingest;

namespace Fraud.Orleans.Embedded;

public static class MockKafkaClusterTopics
{
    /// <summary>
    /// Creates the transactions topic, the labels topic (as many partitions: both are read whole by every silo's
    /// terminal feed) and the single-partition dead-letter topic that <paramref name="options"/> names.
    /// </summary>
    public static void CreateIngestTopics(this MockKafkaCluster kafka, KafkaIngestOptions options)
    {
        kafka.CreateTopic(options.Topic, options.Partitions);
        kafka.CreateTopic(options.LabelTopic, options.Partitions);
        kafka.CreateTopic(options.DeadLetterTopic, 1);
    }
}
