using System.Diagnostics;
using Confluent.Kafka;
using Fraud.Orleans.Embedded;
using Xunit.Abstractions;

namespace Fraud.Orleans.Tests.Infrastructure;

public sealed class MockKafkaClusterTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan OutageDeadline = TimeSpan.FromMinutes(2);

    [Fact]
    public void Start_lists_one_loopback_bootstrap_per_broker()
    {
        using var cluster = MockKafkaCluster.Start(brokers: 3);

        Assert.Equal([1, 2, 3], cluster.BrokerIds);
        var servers = cluster.BootstrapServers.Split(',');
        Assert.Equal(3, servers.Length);
        Assert.All(servers, s => Assert.StartsWith("127.0.0.1:", s, StringComparison.Ordinal));
    }

    [Fact]
    public void CreateTopic_reports_librdkafkas_reason_when_it_fails()
    {
        using var cluster = MockKafkaCluster.Start();
        cluster.CreateTopic("twice", partitions: 2);

        var error = Assert.Throws<InvalidOperationException>(() => cluster.CreateTopic("twice", partitions: 2));

        Assert.Contains("'twice'", error.Message, StringComparison.Ordinal);
        Assert.Contains("already exists", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Arguments_the_mock_would_misread_are_refused()
    {
        using var cluster = MockKafkaCluster.Start(brokers: 2);

        Assert.Throws<ArgumentOutOfRangeException>(() => cluster.CreateTopic("t", partitions: 1, replicationFactor: 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => cluster.CreateTopic("t", partitions: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => cluster.SetBrokerDown(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => cluster.SetBrokerUp(3));
    }

    [Fact]
    public void Dispose_twice_is_harmless_and_later_calls_throw()
    {
        var cluster = MockKafkaCluster.Start();

        cluster.Dispose();
        cluster.Dispose();

        Assert.Throws<ObjectDisposedException>(() => cluster.CreateTopic("late", 1));
        Assert.Throws<ObjectDisposedException>(() => cluster.SetBrokerDown(1));
    }

    [Fact]
    public void Keyed_messages_come_back_through_a_consumer_group_in_per_key_order()
    {
        const string topic = "transactions";
        const int messages = 1_000;
        const int keys = 37;
        using var cluster = MockKafkaCluster.Start(brokers: 3);
        cluster.CreateTopic(topic, partitions: 4, replicationFactor: 3);

        var clock = Stopwatch.StartNew();
        var producedTo = new Dictionary<string, HashSet<int>>();
        using (var producer = new ProducerBuilder<string, string>(ProducerConfig(cluster)).Build())
        {
            var failures = new List<string>();
            for (var i = 0; i < messages; i++)
            {
                var key = $"card-{i % keys:D3}";
                producer.Produce(topic, new Message<string, string> { Key = key, Value = $"{key}:{i / keys}" }, report =>
                {
                    // Delivery reports arrive on librdkafka's poll thread.
                    lock (producedTo)
                    {
                        if (report.Error.IsError)
                        {
                            failures.Add(report.Error.ToString());
                        }
                        else
                        {
                            (producedTo.TryGetValue(report.Message.Key, out var set) ? set : producedTo[report.Message.Key] = []).Add(report.Partition.Value);
                        }
                    }
                });
            }

            Assert.Equal(0, producer.Flush(Deadline));
            Assert.Empty(failures);
        }

        output.WriteLine($"produced {messages} in {clock.ElapsedMilliseconds} ms");
        clock.Restart();
        var received = Consume(cluster, topic, messages);
        output.WriteLine($"consumed {received.Count} in {clock.ElapsedMilliseconds} ms");

        Assert.Equal(messages, received.Count);
        Assert.Equal(messages, received.Select(r => r.Message.Value).Distinct().Count());
        Assert.Equal(4, received.Select(r => r.Partition.Value).Distinct().Count());
        foreach (var group in received.GroupBy(r => r.Message.Key))
        {
            var partitions = group.Select(r => r.Partition.Value).Distinct().ToList();
            Assert.Single(partitions);
            Assert.Equal(producedTo[group.Key], partitions.ToHashSet());

            var sequence = group.Select(r => int.Parse(r.Message.Value.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(Enumerable.Range(0, group.Count()), sequence);
        }
    }

    [Fact]
    public async Task A_message_produced_while_the_broker_is_down_is_delivered_once_it_is_back()
    {
        const string topic = "outage";
        using var cluster = MockKafkaCluster.Start();
        cluster.CreateTopic(topic, partitions: 1);
        var config = ProducerConfig(cluster);

        // The default reconnect backoff grows to 10 s; keep the recovery quick. A request caught in flight by the
        // outage is retried only after request.timeout.ms (30 s by default, as long as the message timeout: one CI
        // run lost the message that way), so shorten that, and give delivery a deadline well past it.
        config.ReconnectBackoffMaxMs = 200;
        config.RequestTimeoutMs = 5000;
        config.MessageTimeoutMs = (int)OutageDeadline.TotalMilliseconds;
        using var producer = new ProducerBuilder<string, string>(config).Build();
        await producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = "before" });

        cluster.SetBrokerDown(1);
        var during = producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = "during" });

        // Not a synchronisation but a window in which nothing may happen: the only broker refuses
        // connections, so no acknowledgement can arrive in it.
        Assert.NotSame(during, await Task.WhenAny(during, Task.Delay(TimeSpan.FromSeconds(1))));

        cluster.SetBrokerUp(1);
        var clock = Stopwatch.StartNew();
        var report = await during.WaitAsync(OutageDeadline);
        output.WriteLine($"delivered {clock.ElapsedMilliseconds} ms after the broker came back");

        Assert.Equal(PersistenceStatus.Persisted, report.Status);
        Assert.Equal(["before", "during"], Consume(cluster, topic, expected: 2).Select(r => r.Message.Value));
    }

    private static ProducerConfig ProducerConfig(MockKafkaCluster cluster) => new()
    {
        BootstrapServers = cluster.BootstrapServers,
        LingerMs = 2,
        Partitioner = Partitioner.Murmur2Random,
        EnableIdempotence = true,
        MessageTimeoutMs = (int)Deadline.TotalMilliseconds,
    };

    private List<ConsumeResult<string, string>> Consume(MockKafkaCluster cluster, string topic, int expected)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = $"test-{Guid.NewGuid():N}",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            FetchWaitMaxMs = 10,
        };
        using var consumer = new ConsumerBuilder<string, string>(config).Build();
        consumer.Subscribe(topic);

        var received = new List<ConsumeResult<string, string>>();
        var clock = Stopwatch.StartNew();
        while (received.Count < expected && clock.Elapsed < Deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { IsPartitionEOF: false } result)
            {
                if (received.Count == 0)
                {
                    output.WriteLine($"first message after {clock.ElapsedMilliseconds} ms (group join)");
                }

                received.Add(result);
            }
        }

        // Read a little past the goal so that a duplicate would be seen, then leave the group cleanly.
        while (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { IsPartitionEOF: false } extra)
        {
            received.Add(extra);
        }

        consumer.Close();
        return received;
    }
}
