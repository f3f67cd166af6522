using System.Text;
using Amazon.DynamoDBv2;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Ingest.Codec;
using Fraud.Orleans.Tests.Integration;
using Fraud.Orleans.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Fraud.Orleans.Tests.BadInput;

/// <summary>Card numbers sent on the topic appear nowhere: not in the logs, the dead letters, or any table.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class CardNumberLeakTests(InfrastructureFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private static readonly long Monday = new DateTimeOffset(2018, 4, 2, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private const int Valid = 200;

    [Fact]
    public async Task Card_numbers_are_dead_lettered_masked_and_found_nowhere_raw()
    {
        var names = fixture.NewNames(partitions: 2);
        var logs = new CapturingLoggerProvider();
        var pans = Enumerable.Range(0, 9).Select(i => LuhnNumber(new Random(100 + i), i % 2 == 0 ? 16 : 15 + (i % 5))).ToArray();
        var records = PanRecords(pans);
        var silo = await TestSilo.StartAsync(fixture, names, capture: logs);
        try
        {
            using (var producer = new TransactionProducer(fixture.Infrastructure.Kafka.BootstrapServers, names.Topic))
            {
                for (var i = 0; i < Valid; i++)
                {
                    producer.Produce(new Transaction(1 + i, $"tok-{i % 10}", 7, 10_00 + i, Monday + (i * 60_000L)));
                    if (i < records.Count)
                    {
                        producer.ProduceRaw(records[i].Key, records[i].Value);
                    }
                }

                producer.Flush(Deadline);
                Assert.Equal(Valid + records.Count, producer.Delivered);
            }

            var metrics = silo.Services.GetRequiredService<IngestMetrics>();
            await Eventually.WaitUntilAsync(
                () => metrics.DeadLettered == records.Count && metrics.CommittedRecords == Valid + records.Count,
                Deadline,
                () => $"dead-lettered {metrics.DeadLettered} of {records.Count}, committed {metrics.CommittedRecords} of {Valid + records.Count}");

            var deadLetters = TopicRecords.ReadAll(fixture.Infrastructure.Kafka.BootstrapServers, names.DeadLetterTopic, 1, Deadline);
            Assert.Equal(records.Count, deadLetters.Count);
            var dump = await DynamoDbTableDump.ScanAsync(silo.Services.GetRequiredService<IAmazonDynamoDB>(), names.Id);
            Assert.Contains(dump, table => table.Key == names.SignalTable && table.Value.Count == Valid);
            Assert.Contains(dump, table => table.Key == names.StateTable && table.Value.Count > 0);

            var texts = new List<(string Where, string Text)>();
            texts.AddRange(logs.Lines.Select(line => ("log", line)));
            foreach (var d in deadLetters)
            {
                var payload = Encoding.UTF8.GetString(d.Message.Key ?? []) + " " + Encoding.UTF8.GetString(d.Message.Value ?? [])
                    + " " + string.Join(" ", d.Message.Headers.Select(h => Encoding.UTF8.GetString(h.GetValueBytes())));
                texts.Add(("dead letter", payload));
                Assert.False(CardNumbers.Contains(d.Message.Value ?? [], jsonEscapes: true), payload);
                Assert.False(CardNumbers.Contains(d.Message.Key ?? [], jsonEscapes: false), payload);
                Assert.Equal("masked", Encoding.UTF8.GetString(d.Message.Headers.GetLastBytes(KafkaIngestGateway.MaskedHeader)));
            }

            texts.AddRange(dump.SelectMany(table => table.Value.Select(item => (table.Key, item))));
            Assert.True(logs.Lines.Count > 50, $"{logs.Lines.Count} log lines captured");
            Assert.Contains(logs.Lines, line => line.Contains("dead-letter topic: card_number", StringComparison.Ordinal));

            foreach (var pan in pans)
            {
                foreach (var form in new[] { pan, Grouped(pan, ' '), Grouped(pan, '-'), pan[..^4] })
                {
                    var leak = texts.FirstOrDefault(t => t.Text.Contains(form, StringComparison.Ordinal));
                    Assert.True(leak == default, $"{form} found in {leak.Where}: {leak.Text}");
                }
            }

            // Masked, not dropped: the dead letter still shows which card it was (first 6, last 4).
            var masked = $"{pans[0][..6]}{new string('*', pans[0].Length - 10)}{pans[0][^4..]}";
            Assert.Contains(deadLetters, d => Encoding.UTF8.GetString(d.Message.Value).Contains(masked, StringComparison.Ordinal));
        }
        finally
        {
            await silo.DisposeAsync();
        }
    }

    /// <summary>The ways a card number reaches a topic by mistake: as the card id (and key), grouped, escaped, in other fields, in a name.</summary>
    private static List<(byte[]? Key, byte[] Value)> PanRecords(string[] pans)
    {
        static string Tx(string cardId, string extra = "", string eventTime = "2018-04-02T10:00:00Z") =>
            $$"""{"transactionId":9{{cardId.Length}},"cardId":"{{cardId}}","terminalId":7,"amount":12.50,"eventTime":"{{eventTime}}"{{extra}}}""";
        var escaped = $"\\u00{(int)pans[2][0]:x2}{pans[2][1..]}";
        return
        [
            (Encoding.UTF8.GetBytes(pans[0]), Encoding.UTF8.GetBytes(Tx(pans[0]))),
            (null, Encoding.UTF8.GetBytes(Tx(Grouped(pans[1], ' ')))),
            (null, Encoding.UTF8.GetBytes(Tx(escaped))),
            (Encoding.UTF8.GetBytes("tok-1"), Encoding.UTF8.GetBytes(Tx("tok-1", $",\"note\":\"card {Grouped(pans[3], '-')}\""))),
            (Encoding.UTF8.GetBytes("tok-1"), Encoding.UTF8.GetBytes(Tx("tok-1", $",\"x\":{{\"y\":[\"{pans[4]}\"]}}"))),
            (Encoding.UTF8.GetBytes(pans[5]), Encoding.UTF8.GetBytes(Tx("tok-2"))),
            (Encoding.UTF8.GetBytes("tok-3"), Encoding.UTF8.GetBytes(Tx("tok-3", $",\"{pans[6]}\":1"))),
            (Encoding.UTF8.GetBytes("tok-4"), Encoding.UTF8.GetBytes(Tx("tok-4", eventTime: pans[7]))),
            (Encoding.UTF8.GetBytes(pans[8]), Encoding.UTF8.GetBytes(Tx(pans[8], ",\"amount\":-1")[..40])),
        ];
    }

    private static string Grouped(string pan, char separator) =>
        string.Join(separator, Enumerable.Range(0, (pan.Length + 3) / 4).Select(i => pan.Substring(i * 4, Math.Min(4, pan.Length - (i * 4)))));

    /// <summary>A number of <paramref name="length"/> digits passing the Luhn check, starting 4 or 5 like real card numbers.</summary>
    private static string LuhnNumber(Random random, int length)
    {
        var digits = new byte[length];
        digits[0] = (byte)random.Next(4, 6);
        for (var i = 1; i < length - 1; i++)
        {
            digits[i] = (byte)random.Next(10);
        }

        for (byte check = 0; check < 10; check++)
        {
            digits[^1] = check;
            if (CardNumbers.Luhn(digits))
            {
                break;
            }
        }

        return string.Concat(digits.Select(d => (char)('0' + d)));
    }
}
