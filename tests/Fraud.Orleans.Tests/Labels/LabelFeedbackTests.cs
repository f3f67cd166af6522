using System.Net;
using System.Net.Http.Json;
using Amazon.DynamoDBv2;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Grains.Terminals;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Silo.Api;
using Fraud.Orleans.Silo.Labels;
using Fraud.Orleans.Tests.Integration;
using Fraud.Orleans.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Fraud.Orleans.Tests.Labels;

/// <summary>An analyst's label through a real silo: into the labels table, a fraud onto the labels topic, and from there into terminal risk.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class LabelFeedbackTests(InfrastructureFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly long Monday = new DateTimeOffset(2018, 4, 2, 10, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private const long Day = 86_400_000;
    private const long FraudTerminal = 501;
    private const long GenuineTerminal = 502;

    [Fact]
    public async Task A_fraud_label_reaches_the_table_the_topic_and_the_terminal_risk_of_later_transactions_after_the_delay()
    {
        using var model = new ReviewEverythingModel();
        var names = fixture.NewNames(partitions: 2);
        await using var silo = await TestSilo.StartAsync(fixture, names, new Dictionary<string, string?>
        {
            ["Silo:ModelPath"] = model.OnnxPath,
            ["Terminals:LabelDelay"] = "1.00:00:00",
        });
        var fraud = new Transaction(7001, "label-card-a", FraudTerminal, 120_00, Monday);
        var genuine = new Transaction(7002, "label-card-b", GenuineTerminal, 80_00, Monday + 60_000);
        Produce(names, fraud, genuine);

        var client = silo.Services.GetRequiredService<IAmazonDynamoDB>();
        var cases = new SignalTable(client, names.ReviewTable);
        await Eventually.WaitUntilAsync(async () => (await cases.ScanAsync()).Count == 2, Deadline, () => "a case of each transaction");

        using var analyst = silo.ApiClient(ApiRoles.Analyst);
        foreach (var (transaction, label) in new[] { (fraud, "fraud"), (genuine, "genuine") })
        {
            using var response = await analyst.PostAsJsonAsync($"/v1/reviews/{transaction.TransactionId}/label", new { label });
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"label {transaction.TransactionId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        // The table holds both labels, with who gave them.
        var labels = new SignalTable(client, names.LabelTable);
        foreach (var (transaction, label) in new[] { (fraud, LabelItems.Fraud), (genuine, LabelItems.Genuine) })
        {
            var item = await labels.GetAsync(transaction.TransactionId);
            Assert.NotNull(item);
            Assert.Equal(label, item[LabelItems.Label].S);
            Assert.Equal(transaction.CardId, item[LabelItems.CardId].S);
            Assert.Equal("session-analyst", item[LabelItems.LabelledBy].S);
        }

        // Only the fraud goes to the topic, in the labels topic's own format.
        var published = LabelProducerTests.ReadAll(fixture.Infrastructure.Kafka.BootstrapServers, names.LabelTopic, partitions: 2, expected: 1);
        var record = Assert.Single(published).Record;
        Assert.Equal((fraud.TransactionId, FraudTerminal, fraud.EventTimeMs), (record.Label.TransactionId, record.Label.TerminalId, record.Label.EventTimeMs));

        // The silo's terminal feed reads it back: a transaction a day and a minute later sees the terminal's fraud.
        var later = Monday + Day + 60_000;
        var terminals = silo.Services.GetRequiredService<ITerminalRiskSource>();
        await Eventually.WaitUntilAsync(() => Task.FromResult(terminals.GetRisk(FraudTerminal, later).Frauds1Day == 1), Deadline, () => "the fraud label in terminal risk");
        Assert.Equal(0, terminals.GetRisk(GenuineTerminal, later + 60_000).Frauds1Day);

        var next = new Transaction(7003, "label-card-c", FraudTerminal, 50_00, later);
        Produce(names, next);
        var signals = new SignalTable(client, names.SignalTable);
        await Eventually.WaitUntilAsync(async () => await signals.GetAsync(next.TransactionId) is not null, Deadline, () => "the later transaction's signal");
        Assert.Equal(1.0, SignalTable.Feature((await signals.GetAsync(next.TransactionId))!, "TERMINAL_ID_RISK_1DAY_WINDOW"));
    }

    private void Produce(TestNames names, params Transaction[] transactions)
    {
        using var producer = new TransactionProducer(fixture.Infrastructure.Kafka.BootstrapServers, names.Topic);
        foreach (var transaction in transactions)
        {
            producer.Produce(transaction);
        }

        producer.Flush(Deadline);
        Assert.Equal(transactions.Length, producer.Delivered);
    }
}
