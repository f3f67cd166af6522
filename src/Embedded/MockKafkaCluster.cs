using System.Runtime.InteropServices;
using System.Text;

namespace Fraud.Orleans.Embedded;

/// <summary>
/// An in-process Kafka cluster: librdkafka's mock brokers, which speak the real protocol on loopback
/// TCP, so any Kafka client (Confluent.Kafka here, kcat in another process) can use
/// <see cref="BootstrapServers"/>. It lives until <see cref="Dispose"/> or the end of the process.
/// </summary>
/// <remarks>
/// Limits worth knowing: each partition keeps only about 5 MiB or 100k batches, so a consumer that falls
/// further behind gets "offset out of range" and skips data (pace replays); and producers need
/// <c>linger.ms</c> ≥ 2, because the mock scans its message sets on every fetch and many tiny batches
/// make it collapse. Measured here: a consumer group's first join takes about 3 s (the mock coordinator
/// waits for more members), a client's first produce and <see cref="Dispose"/> up to 1 s (librdkafka timers).
/// Nothing finalizes the native cluster, so dispose it.
/// </remarks>
public sealed partial class MockKafkaCluster : IDisposable
{
    private readonly Lock _gate = new();
    private readonly int[] _brokerIds;
    private nint _client;
    private nint _cluster;

    private MockKafkaCluster(nint client, nint cluster, string bootstrapServers, int brokerCount)
    {
        _client = client;
        _cluster = cluster;
        BootstrapServers = bootstrapServers;
        _brokerIds = Enumerable.Range(1, brokerCount).ToArray();
    }

    /// <summary>Comma-separated <c>host:port</c> list of the mock brokers, for <c>bootstrap.servers</c>.</summary>
    public string BootstrapServers { get; }

    /// <summary>librdkafka numbers mock brokers from 1 to the broker count.</summary>
    public IReadOnlyList<int> BrokerIds => _brokerIds;

    public static MockKafkaCluster Start(int brokers = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokers, 1);

        var conf = Native.rd_kafka_conf_new();
        if (conf == 0)
        {
            throw new InvalidOperationException("rd_kafka_conf_new returned NULL.");
        }

        var errstr = new byte[512];
        nint client;
        try
        {
            SetConf(conf, "client.id", "fraud-mock-kafka", errstr);

            // This handle only hosts the cluster and never connects anywhere, so its notice about having no
            // bootstrap.servers is noise; the mock brokers log through it too, and keep their warnings.
            SetConf(conf, "log_level", "4", errstr);
            client = Native.rd_kafka_new(Native.RdKafkaProducer, conf, errstr, (nuint)errstr.Length);
        }
        catch
        {
            Native.rd_kafka_conf_destroy(conf);
            throw;
        }

        if (client == 0)
        {
            // rd_kafka_new only takes ownership of conf when it succeeds.
            Native.rd_kafka_conf_destroy(conf);
            throw new InvalidOperationException($"rd_kafka_new failed: {ReadErrstr(errstr)}");
        }

        var cluster = Native.rd_kafka_mock_cluster_new(client, brokers);
        if (cluster == 0)
        {
            Native.rd_kafka_destroy(client);
            throw new InvalidOperationException(
                $"rd_kafka_mock_cluster_new could not create {brokers} mock broker(s); see librdkafka's log on stderr.");
        }

        var bootstraps = Marshal.PtrToStringUTF8(Native.rd_kafka_mock_cluster_bootstraps(cluster));
        if (string.IsNullOrEmpty(bootstraps))
        {
            Native.rd_kafka_mock_cluster_destroy(cluster);
            Native.rd_kafka_destroy(client);
            throw new InvalidOperationException("The mock cluster reported no bootstrap servers.");
        }

        return new MockKafkaCluster(client, cluster, bootstraps, brokers);
    }

    public void CreateTopic(string name, int partitions, int replicationFactor = 1)
    {
        // librdkafka 2.16 (as 2.0.2) reports success for a topic of zero partitions and for a replication factor of
        // zero or above the broker count, so a test would go on to exercise something that does not exist; a
        // negative partition count aborts the whole process in an assertion.
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicationFactor, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(replicationFactor, _brokerIds.Length);

        lock (_gate)
        {
            var err = Native.rd_kafka_mock_topic_create(LiveCluster(), name, partitions, replicationFactor);
            if (err != 0)
            {
                throw new InvalidOperationException(
                    $"Could not create topic '{name}' ({partitions} partitions, replication factor {replicationFactor}) " +
                    $"on the mock Kafka cluster: {DescribeError(err)}");
            }
        }
    }

    /// <summary>
    /// Drops the broker's connections and refuses new ones until <see cref="SetBrokerUp"/>. Partition
    /// leadership does not move, so partitions led by this broker are unavailable meanwhile.
    /// </summary>
    public void SetBrokerDown(int brokerId) => SetBrokerState(brokerId, up: false);

    public void SetBrokerUp(int brokerId) => SetBrokerState(brokerId, up: true);

    public void Dispose()
    {
        nint cluster, client;
        lock (_gate)
        {
            cluster = _cluster;
            client = _client;
            _cluster = 0;
            _client = 0;
        }

        // The cluster does its bookkeeping through the client handle, so it must go first.
        if (cluster != 0)
        {
            Native.rd_kafka_mock_cluster_destroy(cluster);
        }

        if (client != 0)
        {
            Native.rd_kafka_destroy(client);
        }
    }

    private void SetBrokerState(int brokerId, bool up)
    {
        // The C API reads -1 as "every broker"; keep that out of a method that names one broker.
        if (Array.IndexOf(_brokerIds, brokerId) < 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(brokerId), brokerId, $"The mock cluster has brokers {string.Join(", ", _brokerIds)}.");
        }

        lock (_gate)
        {
            var cluster = LiveCluster();
            var err = up
                ? Native.rd_kafka_mock_broker_set_up(cluster, brokerId)
                : Native.rd_kafka_mock_broker_set_down(cluster, brokerId);
            if (err != 0)
            {
                throw new InvalidOperationException(
                    $"Could not set mock broker {brokerId} {(up ? "up" : "down")}: {DescribeError(err)}");
            }
        }
    }

    private nint LiveCluster()
    {
        ObjectDisposedException.ThrowIf(_cluster == 0, this);
        return _cluster;
    }

    private static void SetConf(nint conf, string name, string value, byte[] errstr)
    {
        if (Native.rd_kafka_conf_set(conf, name, value, errstr, (nuint)errstr.Length) != Native.RdKafkaConfOk)
        {
            throw new InvalidOperationException($"librdkafka rejected {name}={value}: {ReadErrstr(errstr)}");
        }
    }

    private static string DescribeError(int err) =>
        $"{Marshal.PtrToStringUTF8(Native.rd_kafka_err2str(err))} ({Marshal.PtrToStringUTF8(Native.rd_kafka_err2name(err))}, code {err})";

    private static string ReadErrstr(byte[] errstr)
    {
        var length = Array.IndexOf(errstr, (byte)0);
        return Encoding.UTF8.GetString(errstr, 0, length < 0 ? errstr.Length : length);
    }

    private static partial class Native
    {
        private const string Library = "librdkafka";

        static Native() => NativeLibrary.SetDllImportResolver(typeof(Native).Assembly, KafkaLibrary.ResolveForMockCluster);

        public const int RdKafkaProducer = 0;
        public const int RdKafkaConfOk = 0;

        [LibraryImport(Library)]
        public static partial nint rd_kafka_conf_new();

        [LibraryImport(Library)]
        public static partial void rd_kafka_conf_destroy(nint conf);

        [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
        public static partial int rd_kafka_conf_set(
            nint conf, string name, string value, [Out] byte[] errstr, nuint errstrSize);

        [LibraryImport(Library)]
        public static partial nint rd_kafka_new(int type, nint conf, [Out] byte[] errstr, nuint errstrSize);

        [LibraryImport(Library)]
        public static partial void rd_kafka_destroy(nint rk);

        [LibraryImport(Library)]
        public static partial nint rd_kafka_err2str(int err);

        [LibraryImport(Library)]
        public static partial nint rd_kafka_err2name(int err);

        [LibraryImport(Library)]
        public static partial nint rd_kafka_mock_cluster_new(nint rk, int brokerCount);

        [LibraryImport(Library)]
        public static partial void rd_kafka_mock_cluster_destroy(nint cluster);

        [LibraryImport(Library)]
        public static partial nint rd_kafka_mock_cluster_bootstraps(nint cluster);

        [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
        public static partial int rd_kafka_mock_topic_create(
            nint cluster, string topic, int partitionCount, int replicationFactor);

        [LibraryImport(Library)]
        public static partial int rd_kafka_mock_broker_set_down(nint cluster, int brokerId);

        [LibraryImport(Library)]
        public static partial int rd_kafka_mock_broker_set_up(nint cluster, int brokerId);
    }
}
