using System.Diagnostics;
using System.Globalization;
using System.Text;
using Amazon.DynamoDBv2;
using Confluent.Kafka;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Ingest.Codec;
using Fraud.Orleans.Silo.Api;
using Fraud.Orleans.Silo.Hosting;
using Fraud.Orleans.Tests.Cluster;
using Fraud.Orleans.Tests.Integration;
using Fraud.Orleans.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static Fraud.Orleans.Tests.Support.PrometheusText;

namespace Fraud.Orleans.Tests.BadInput;

/// <summary>
/// 100,000 adversarial records among 100,000 valid ones through one silo: it stays up, each valid record gets one
/// signal, each invalid one one dead letter with its code, consumed = decided + dead-lettered exactly (by the
/// metrics and by the topics), and every partition is committed to its end (no poison record holds one).
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class FuzzedIngestTests(InfrastructureFixture fixture, ITestOutputHelper output)
{
    private const int Valid = 100_000;
    private const int Invalid = 100_000;
    private const int Probe = 20;
    private const int Partitions = 8;
    private const int Cards = 500;

    // The mock cluster keeps about 5 MiB of a partition and drops the oldest records past that, so the producer
    // stays at most this many bytes ahead of what the silo consumed: it never outruns the silo into data loss.
    private const long BytesAhead = 2 << 20;

    // Record overhead on the wire besides key and value (batch share, offsets, timestamps): a rough figure is enough.
    private const int RecordOverhead = 70;

    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);
    private static readonly long Monday = new DateTimeOffset(2018, 4, 2, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    [Fact]
    public async Task Every_record_is_decided_or_dead_lettered_exactly_once_and_nothing_stalls()
    {
        var clock = Stopwatch.StartNew();
        var bootstrap = fixture.Infrastructure.Kafka.BootstrapServers;
        var names = fixture.NewNames(partitions: Partitions);
        // Each dead letter is a warning in the silo's log: 100,000 of them would be most of the test run's output.
        var silo = await TestSilo.StartAsync(fixture, names, new Dictionary<string, string?> { ["Logging:LogLevel:Fraud.Orleans.Ingest.IngestLog"] = "Error" });
        try
        {
            Phase(clock, "silo up");
            var metrics = silo.Services.GetRequiredService<IngestMetrics>();
            var deadLetters = new List<DeadLetter>(Invalid);
            using var tail = TopicTail.Start(bootstrap, names.DeadLetterTopic, 1, record => deadLetters.Add(DeadLetter.Of(record)));

            var gateway = silo.Services.GetRequiredService<KafkaIngestGateway>();
            var sent = await ProduceAsync(names.Topic, metrics, gateway);
            Assert.Equal(Valid, sent.Valid.Count);
            Assert.Equal(Invalid, sent.InvalidCount);
            Phase(clock, $"produced {sent.Count} records ({sent.Bytes / (1 << 20)} MiB, {sent.Huge} of about 1 MB)");

            // No poison record holds its partition: every record of every partition gets committed.
            await Eventually.WaitUntilAsync(
                () => AssertRunning(gateway) && metrics.CommittedRecords == sent.Count,
                Deadline,
                () => $"committed {metrics.CommittedRecords} of {sent.Count} (consumed {metrics.Consumed}, dead-lettered {metrics.DeadLettered})");
            Assert.Empty(ClusterChecks.PartitionsBehind(bootstrap, names, Partitions));
            Phase(clock, "all committed");

            tail.ReadToEnd(Deadline);
            Assert.Empty(tail.Gaps);
            Phase(clock, $"read {deadLetters.Count} dead letters");

            var scraped = await ScrapeAsync(silo);
            var codes = AssertDeadLetters(deadLetters, sent);
            AssertMetrics(scraped, codes);
            Phase(clock, "dead letters checked");

            // Each valid record decided once: its card's count and amount sum hold it once, its signal row is there.
            var dynamo = silo.Services.GetRequiredService<IAmazonDynamoDB>();
            await ClusterChecks.AssertCardTotalsAsync(dynamo, names.StateTable, sent.Valid);
            var signals = await Fraud.Orleans.Cli.Bench.SignalReadBack.CountPresentAsync(dynamo, names.SignalTable, Valid + 1, CancellationToken.None);
            Assert.Equal(Valid, signals);
            Phase(clock, "card totals and signal rows checked");

            // The topics account for every record: what the input topic holds was decided (a signal) or dead-lettered.
            var input = Watermarks(bootstrap, names.Topic, Partitions);
            var deadLetterTopic = Watermarks(bootstrap, names.DeadLetterTopic, 1);
            var inputRecords = input.Sum(w => w.High.Value);
            var deadLetterRecords = deadLetterTopic.Sum(w => w.High.Value);
            output.WriteLine($"the broker has dropped the oldest {input.Sum(w => w.Low.Value)} input records and {deadLetterTopic.Sum(w => w.Low.Value)} dead letters by now");
            Assert.Equal(sent.Count, inputRecords);
            Assert.Equal(deadLetters.Count, deadLetterRecords);
            Assert.Equal(inputRecords, signals + deadLetterRecords);

            await AssertStillDecidingAsync(silo, names, metrics, sent.Count);
            Phase(clock, "still deciding");
        }
        finally
        {
            await silo.DisposeAsync();
        }
    }

    /// <summary>One dead letter, as much of it as the checks need.</summary>
    private sealed record DeadLetter(string Source, string Code, string Reason, bool HasCardNumber)
    {
        public static DeadLetter Of(ConsumeResult<byte[], byte[]> record) => new(
            Header(record, KafkaIngestGateway.SourceHeader),
            Header(record, KafkaIngestGateway.CodeHeader),
            Header(record, KafkaIngestGateway.ReasonHeader),
            CardNumbers.Contains(record.Message.Value ?? [], jsonEscapes: true) || CardNumbers.Contains(record.Message.Key ?? [], jsonEscapes: false));

        private static string Header(ConsumeResult<byte[], byte[]> record, string name) =>
            record.Message.Headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : "(none)";
    }

    /// <summary>
    /// What was sent: the valid transactions, and per partition, offset by offset (a fresh topic written by one
    /// idempotent producer holds each partition's records in the order sent, from 0), what each record must get:
    /// null a signal, "" any dead-letter code, else that code.
    /// </summary>
    private sealed record Sent(List<Transaction> Valid, List<string?>[] Expected, long Bytes, int Huge)
    {
        public int Count => Expected.Sum(p => p.Count);

        public int InvalidCount => Expected.Sum(p => p.Count(e => e is not null));
    }

    /// <summary>Dead letters against what was sent: one per invalid record, its code the expected one. Returns the count by code.</summary>
    private Dictionary<string, int> AssertDeadLetters(List<DeadLetter> deadLetters, Sent sent)
    {
        var seen = sent.Expected.Select(p => new bool[p.Count]).ToArray();
        var codes = new Dictionary<string, int>();
        var wrong = new List<string>();
        foreach (var d in deadLetters)
        {
            codes[d.Code] = codes.GetValueOrDefault(d.Code) + 1;
            var source = d.Source.Split('/');
            if (source.Length != 3 || !int.TryParse(source[1], CultureInfo.InvariantCulture, out var partition) || partition is < 0 or >= Partitions
                || !long.TryParse(source[2], CultureInfo.InvariantCulture, out var offset) || offset < 0 || offset >= seen[partition].Length)
            {
                wrong.Add($"{d.Source}: not a record that was sent ({d.Code})");
                continue;
            }

            var expected = sent.Expected[partition][(int)offset];
            if (seen[partition][offset])
            {
                wrong.Add($"{d.Source}: dead-lettered twice");
            }
            else if (expected is null)
            {
                wrong.Add($"{d.Source}: a valid record dead-lettered: {d.Code} ({d.Reason})");
            }
            else if (d.Code == DeadLetterReason.Other || (expected.Length > 0 && expected != d.Code))
            {
                wrong.Add($"{d.Source}: {d.Code} ({d.Reason}), expected {(expected.Length > 0 ? expected : "a known code")}");
            }

            if (d.HasCardNumber)
            {
                wrong.Add($"{d.Source}: a card number in the dead letter");
            }

            seen[partition][offset] = true;
        }

        var missing = sent.Expected.SelectMany((p, partition) => p.Select((e, offset) => (e, partition, offset)))
            .Where(r => r.e is not null && !seen[r.partition][r.offset])
            .Select(r => $"{r.partition}/{r.offset}: never dead-lettered (expected {r.e})");
        wrong.AddRange(missing);
        output.WriteLine($"dead letters by code: {string.Join(", ", codes.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}"))}");
        Assert.True(wrong.Count == 0, $"{wrong.Count} problems, e.g.:\n{string.Join("\n", wrong.Take(10))}");
        Assert.Equal(sent.InvalidCount, deadLetters.Count);
        return codes;
    }

    /// <summary>The silo's own counts at <c>/metrics</c>: consumed = decided + dead-lettered, each one exactly, and by reason as on the topic.</summary>
    private static void AssertMetrics(Dictionary<string, double> scraped, Dictionary<string, int> codes)
    {
        var consumed = Sum(scraped, "fraud_transactions_consumed_total");
        var decided = Sum(scraped, "fraud_transactions_decided_total");
        var deadLettered = Sum(scraped, "fraud_transactions_dead_lettered_total");
        Assert.Equal(Valid + Invalid, consumed);
        Assert.Equal(Valid, decided);
        Assert.Equal(Invalid, deadLettered);
        Assert.Equal(consumed, decided + deadLettered);
        Assert.Equal(Valid, Sum(scraped, "fraud_signals_durable_total"));
        foreach (var (code, count) in codes)
        {
            var tagged = scraped
                .Where(s => s.Key.StartsWith("fraud_transactions_dead_lettered_total{", StringComparison.Ordinal) && s.Key.Contains($"reason=\"{code}\"", StringComparison.Ordinal))
                .Sum(s => s.Value);
            Assert.True(count == tagged, $"{code}: {count} dead letters on the topic, {tagged} counted at /metrics");
        }
    }

    /// <summary>
    /// Sends the records interleaved (valid, adversarial, valid, …), each valid one to its card's partition, each
    /// adversarial one to a random partition, never more than <see cref="BytesAhead"/> ahead of the silo.
    /// </summary>
    private async Task<Sent> ProduceAsync(string topic, IngestMetrics metrics, KafkaIngestGateway gateway)
    {
        var adversarial = new AdversarialRecords(seed: 13, nowMs: DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var random = new Random(31);
        var total = Valid + Invalid;
        var expected = Enumerable.Range(0, Partitions).Select(_ => new List<string?>(total / Partitions)).ToArray();
        var valid = new List<Transaction>(Valid);
        var bytesBefore = new long[total + 1];
        var huge = 0;
        var failed = 0;
        using var producer = new ProducerBuilder<byte[]?, byte[]?>(KafkaClientConfig.Producer(fixture.Infrastructure.Kafka.BootstrapServers)).Build();
        for (var i = 0; i < total; i++)
        {
            FuzzRecord record;
            int partition;
            if (i % 2 == 0)
            {
                var (transaction, key) = ValidRecord((i / 2) + 1, random);
                valid.Add(transaction);
                record = new FuzzRecord(key, TransactionCodec.Serialize(transaction), null);
                partition = CardPartitioner.PartitionOf(transaction.CardId, Partitions);
                expected[partition].Add(null);
            }
            else
            {
                record = adversarial.Next(i / 2);
                partition = random.Next(Partitions);
                expected[partition].Add(record.ExpectedCode ?? string.Empty);
            }

            var size = (record.Key?.Length ?? 0) + (record.Value?.Length ?? 0) + RecordOverhead;
            huge += size > 500_000 ? 1 : 0;
            bytesBefore[i + 1] = bytesBefore[i] + size;
            if (bytesBefore[i + 1] - bytesBefore[Math.Min(metrics.Consumed, i)] > BytesAhead)
            {
                var at = i;
                await Eventually.WaitUntilAsync(
                    () => AssertRunning(gateway) && bytesBefore[at + 1] - bytesBefore[Math.Min(metrics.Consumed, at)] <= BytesAhead,
                    Deadline,
                    () => $"the silo consumed {metrics.Consumed} of {at} records sent");
            }

            producer.Produce(new TopicPartition(topic, partition), new Message<byte[]?, byte[]?> { Key = record.Key, Value = record.Value }, report =>
            {
                if (report.Error.IsError)
                {
                    Interlocked.Increment(ref failed);
                }
            });
        }

        Assert.Equal(0, producer.Flush(Deadline));
        Assert.Equal(0, Volatile.Read(ref failed));
        return new Sent(valid, expected, bytesBefore[total], huge);
    }

    /// <summary>True while the gateway's consume loop runs; a record that ends it fails the test at once, not at a deadline.</summary>
    private static bool AssertRunning(KafkaIngestGateway gateway)
    {
        var loop = gateway.ExecuteTask;
        Assert.False(loop is { IsCompleted: true }, $"the ingest gateway stopped: {loop?.Exception?.GetBaseException().Message ?? "no exception"}");
        return true;
    }

    /// <summary>After all that, the silo still answers and still decides: a few more valid records get their signals.</summary>
    private async Task AssertStillDecidingAsync(SiloHost silo, TestNames names, IngestMetrics metrics, int sentBefore)
    {
        using (var http = new HttpClient { BaseAddress = silo.HttpAddress })
        {
            Assert.True((await http.GetAsync("/healthz")).IsSuccessStatusCode, "the silo answers /healthz");
        }

        var random = new Random(7);
        var probe = Enumerable.Range(Valid + 1, Probe).Select(id => ValidRecord(id, random).Transaction).ToList();
        using (var producer = new TransactionProducer(fixture.Infrastructure.Kafka.BootstrapServers, names.Topic))
        {
            foreach (var transaction in probe)
            {
                producer.Produce(transaction);
            }

            producer.Flush(Deadline);
        }

        await Eventually.WaitUntilAsync(
            () => metrics.CommittedRecords == sentBefore + Probe,
            Deadline,
            () => $"committed {metrics.CommittedRecords} of {sentBefore + Probe}");
        await ClusterChecks.AssertSignalOfEveryTransactionAsync(silo.Services.GetRequiredService<IAmazonDynamoDB>(), names.SignalTable, probe);
        Assert.Equal(Valid + Probe, Sum(await ScrapeAsync(silo), "fraud_transactions_decided_total"));
    }

    /// <summary>A valid transaction of one of 500 cards, a tenth without a key, a tenth of version 2, some of amount zero.</summary>
    private static (Transaction Transaction, byte[]? Key) ValidRecord(int id, Random random)
    {
        var card = $"card-{random.Next(Cards)}";
        short? mcc = random.Next(10) == 0 ? (short)random.Next(10_000) : null;
        var amount = random.Next(20) == 0 ? 0 : random.NextInt64(1, 500_000);
        var transaction = new Transaction(id, card, random.Next(1, 500), amount, Monday + (id * 1_000L), mcc);
        return (transaction, random.Next(10) == 0 ? null : TransactionCodec.SerializeKey(card));
    }

    /// <summary>Each partition's first and next offsets: the records ever written are the next offsets; the mock drops from the first.</summary>
    private static WatermarkOffsets[] Watermarks(string bootstrap, string topic, int partitions)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = $"ends-{Guid.NewGuid():N}" }).Build();
        return Enumerable.Range(0, partitions)
            .Select(p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(30)))
            .ToArray();
    }

    private static async Task<Dictionary<string, double>> ScrapeAsync(SiloHost silo)
    {
        using var http = silo.ApiClient(ApiRoles.Operator);
        return Parse(await http.GetStringAsync("/metrics"));
    }

    private void Phase(Stopwatch clock, string what) => output.WriteLine($"{clock.Elapsed.TotalSeconds,6:0.0} s  {what}");
}
