using System.Globalization;
using Amazon.DynamoDBv2;
using Confluent.Kafka;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Grains;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Silo.Storage;
using Fraud.Orleans.Tests.Integration;

namespace Fraud.Orleans.Tests.Cluster;

/// <summary>The guarantees every fault test checks at the end, read from the stores themselves.</summary>
public static class ClusterChecks
{
    /// <summary>
    /// Reads the signal row of every input transaction by key (a 200k-row scan of DynamoDB Local takes minutes
    /// on this box; the key is the transaction id, so a row is one per id by construction): none missing.
    /// </summary>
    public static async Task AssertSignalOfEveryTransactionAsync(IAmazonDynamoDB client, string table, IReadOnlyCollection<Transaction> input)
    {
        var (missing, found) = await MissingSignalsAsync(client, table, input);
        Assert.True(missing.Count == 0 && found == input.Select(t => t.TransactionId).Distinct().Count(),
            $"{missing.Count} transactions have no signal row (e.g. {string.Join(",", missing.Take(5))}); {found} rows read");
    }

    /// <summary>The input transactions without a signal row, read by key, and how many rows were read.</summary>
    public static async Task<(IReadOnlyList<long> Missing, int Found)> MissingSignalsAsync(IAmazonDynamoDB client, string table, IReadOnlyCollection<Transaction> input)
    {
        var ids = input.Select(t => t.TransactionId).Distinct().ToList();
        var found = new System.Collections.Concurrent.ConcurrentBag<long>();
        await Fraud.Orleans.Cli.Bench.SignalReadBack.ReadByKeyAsync(client, table, ids, DynamoDbTables.TransactionIdAttribute, items =>
        {
            foreach (var item in items)
            {
                found.Add(long.Parse(item[DynamoDbTables.TransactionIdAttribute].S, CultureInfo.InvariantCulture));
            }
        }, CancellationToken.None);
        return (ids.Except(found).ToList(), found.Count);
    }

    /// <summary>Scans the signal table: one row per input transaction, none missing, none extra.</summary>
    public static async Task AssertOneSignalPerTransactionAsync(IAmazonDynamoDB client, string table, IReadOnlyCollection<Transaction> input)
    {
        var rows = await TableScan.AllAsync(client, table, DynamoDbTables.TransactionIdAttribute);
        var ids = rows.Select(r => long.Parse(r[DynamoDbTables.TransactionIdAttribute].S, CultureInfo.InvariantCulture)).ToList();
        var distinct = ids.ToHashSet();
        var expected = input.Select(t => t.TransactionId).ToHashSet();
        var missing = expected.Except(distinct).Take(5).ToList();
        var extra = distinct.Except(expected).Take(5).ToList();
        Assert.True(ids.Count == distinct.Count && distinct.SetEquals(expected),
            $"{ids.Count} rows, {distinct.Count} distinct ids, {ids.Count - distinct.Count} duplicates, expected {expected.Count}; missing e.g. [{string.Join(",", missing)}], extra e.g. [{string.Join(",", extra)}]");
    }

    /// <summary>Scans the state table: every card's transaction count and amount sum equal the input's exactly.</summary>
    public static async Task AssertCardTotalsAsync(IAmazonDynamoDB client, string table, IReadOnlyCollection<Transaction> input)
    {
        var totals = await CardTotalsAsync(client, table, input);
        Assert.True(totals.Right, totals.Describe());
    }

    /// <summary>Scans the state table and compares every card's transaction count and amount sum with the input's.</summary>
    public static async Task<CardTotals> CardTotalsAsync(IAmazonDynamoDB client, string table, IReadOnlyCollection<Transaction> input)
    {
        var expected = input.GroupBy(t => t.CardId).ToDictionary(g => g.Key, g => (Count: (long)g.Count(), Sum: g.Sum(t => t.AmountMinor)));
        var serializer = new CardStateSerializer();
        var stored = (await StoredCardStates.ScanAsync(client, table)).ToDictionary(i => i.Key, i => serializer.Deserialize(i.Value.State));
        var wrong = expected
            .Where(e => !stored.TryGetValue(e.Key, out var s) || s.TransactionsCounted != e.Value.Count || s.TotalAmountMinor != e.Value.Sum)
            .Select(e => stored.TryGetValue(e.Key, out var s)
                ? $"{e.Key}: {s.TransactionsCounted} tx / {s.TotalAmountMinor} stored, {e.Value.Count} / {e.Value.Sum} sent"
                : $"{e.Key}: no state")
            .ToList();
        var counted = expected.Select(e => (Sent: e.Value.Count, Stored: stored.TryGetValue(e.Key, out var s) ? s.TransactionsCounted : 0)).ToList();
        return new CardTotals(expected.Count, stored.Count, wrong)
        {
            Doubled = counted.Sum(c => Math.Max(0, c.Stored - c.Sent)),
            Uncounted = counted.Sum(c => Math.Max(0, c.Sent - c.Stored)),
        };
    }

    public sealed record CardTotals(int Expected, int Stored, IReadOnlyList<string> Wrong)
    {
        /// <summary>Transactions the cards' stored states count more than once.</summary>
        public long Doubled { get; init; }

        /// <summary>Transactions the cards' stored states do not count.</summary>
        public long Uncounted { get; init; }

        public bool Right => Wrong.Count == 0 && Stored == Expected;

        public string Describe() => $"{Wrong.Count} of {Expected} cards wrong ({Stored} stored), e.g. {string.Join("; ", Wrong.Take(5))}";
    }

    /// <summary>
    /// Every record below a partition's committed offset has its signal durable: commits never run ahead of
    /// DynamoDB. A fresh topic fed by one idempotent producer holds each partition's records in input order from
    /// offset 0, so the input and the partitioner say which transaction sits at which offset.
    /// </summary>
    public static void AssertCommittedOnlyWhatIsDurable(IReadOnlyDictionary<int, long> committed, IReadOnlyList<Transaction> input, int partitions, SignalWatch watch)
    {
        var next = new long[partitions];
        var ahead = new List<string>();
        foreach (var transaction in input)
        {
            var partition = CardPartitioner.PartitionOf(transaction.CardId, partitions);
            var offset = next[partition]++;
            if (committed.TryGetValue(partition, out var upTo) && offset < upTo && !watch.IsDurable(transaction.TransactionId))
            {
                ahead.Add($"{partition}@{offset} (transaction {transaction.TransactionId}, committed to {upTo})");
            }
        }

        Assert.True(ahead.Count == 0, $"{ahead.Count} committed records have no durable signal, e.g. {string.Join("; ", ahead.Take(5))}");
    }

    /// <summary>The group's committed offset of every partition (negative where nothing is committed yet).</summary>
    public static Dictionary<int, long> Committed(string bootstrap, TestNames names, int partitions)
    {
        using var admin = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = names.Group }).Build();
        return admin.Committed(Enumerable.Range(0, partitions).Select(p => new TopicPartition(names.Topic, p)), TimeSpan.FromSeconds(30))
            .ToDictionary(c => c.Partition.Value, c => c.Offset.Value);
    }

    /// <summary>After a graceful stop every record is committed: a new owner would replay nothing.</summary>
    public static void AssertCommittedToEnd(string bootstrap, TestNames names, int partitions)
    {
        var behind = PartitionsBehind(bootstrap, names, partitions);
        Assert.True(behind.Count == 0, string.Join("; ", behind));
    }

    /// <summary>The partitions whose committed offset is short of their end, described; empty once every record is committed.</summary>
    public static IReadOnlyList<string> PartitionsBehind(string bootstrap, TestNames names, int partitions)
    {
        using var admin = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = names.Group }).Build();
        var committed = admin.Committed(Enumerable.Range(0, partitions).Select(p => new TopicPartition(names.Topic, p)), TimeSpan.FromSeconds(30));
        return committed
            .Select(c => (c.TopicPartition, Committed: c.Offset.Value, End: admin.QueryWatermarkOffsets(c.TopicPartition, TimeSpan.FromSeconds(30)).High.Value))
            .Where(c => c.End > 0 && c.Committed != c.End)
            .Select(b => $"{b.TopicPartition}: committed {b.Committed}, end {b.End}")
            .ToList();
    }
}
