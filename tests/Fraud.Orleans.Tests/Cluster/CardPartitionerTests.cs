using System.Text;
using Fraud.Orleans.Ingest;

namespace Fraud.Orleans.Tests.Cluster;

/// <summary>Any silo finds a card's partition the way the producers placed it (Kafka's murmur2).</summary>
public sealed class CardPartitionerTests
{
    [Theory]
    [InlineData("21", -973932308)]
    [InlineData("foobar", -790332482)]
    [InlineData("a-little-bit-long-string", -985981536)]
    [InlineData("a-little-bit-longer-string", -1486304829)]
    [InlineData("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971)]
    [InlineData("abc", 479470107)]
    public void Murmur2_matches_the_Kafka_clients_test_vectors(string key, int expected) =>
        Assert.Equal(expected, unchecked((int)CardPartitioner.Murmur2(Encoding.UTF8.GetBytes(key))));

    [Fact]
    public void The_partition_is_the_positive_hash_modulo_the_partition_count() =>
        Assert.Equal((-973932308 & 0x7fffffff) % 12, CardPartitioner.PartitionOf("21", 12));
}
