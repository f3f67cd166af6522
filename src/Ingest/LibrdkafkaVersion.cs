namespace Fraud.Orleans.Ingest;

/// <summary>
/// The native librdkafka the Kafka client loaded. Confluent.Kafka falls back to any librdkafka the system has when
/// the packaged one cannot load, and an older one fails later and obscurely (or silently behaves differently), so
/// a silo checks the version before it starts.
/// </summary>
public static class LibrdkafkaVersion
{
    /// <summary>The librdkafka.redist version we build against (major.minor).</summary>
    public const string Expected = "2.16.";

    /// <summary>The loaded library's version string, e.g. "2.16.0".</summary>
    public static string Loaded => Confluent.Kafka.Library.VersionString;

    public static bool IsSupported(out string loaded)
    {
        loaded = Loaded;
        return loaded.StartsWith(Expected, StringComparison.Ordinal);
    }
}
