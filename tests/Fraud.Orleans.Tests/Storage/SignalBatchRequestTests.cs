using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Silo.Storage;
using Fraud.Orleans.Tests.Integration;
using Fraud.Orleans.Tests.Support;

namespace Fraud.Orleans.Tests.Storage;

/// <summary>Signal items put through the AWS SDK by a reused batch request, read back from DynamoDB Local.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class SignalBatchRequestTests(InfrastructureFixture fixture)
{
    [Fact]
    public async Task Items_read_back_carry_every_attribute_exactly_also_when_the_request_is_reused()
    {
        var (options, client) = await SignalTableAsync();
        using var owned = client;
        var request = new SignalBatchRequest(options.SignalTable);
        FraudSignal[] first =
        [
            Signal(1, amountMinor: 1234, score: 0.0123f, Decision.Approve, ReasonCodes.None),
            Signal(2, amountMinor: 5, score: 0.987654f, Decision.Block, ReasonCodes.ModelScoreBlock | ReasonCodes.Burst),
            Signal(3, amountMinor: 100_000, score: 0f, Decision.Review, ReasonCodes.FirstTransactionOfCard) with
            {
                Terminal = TerminalRisk.None,
                Patterns = new CardPatterns(1, 1, CardPatterns.NoEarlierAmount, 1, true, CardPatterns.NoEarlierAmount, 0, CardPatterns.NoZScore, CardPatterns.NoZScore),
            },
        ];

        // The second batch refills the first's item maps: nothing of the first may stay in them (its reasons above all).
        FraudSignal[] second =
        [
            Signal(4, amountMinor: 99, score: 0.5f, Decision.Review, ReasonCodes.NightTime) with { ModelVersion = "xgb-test-2" },
            Signal(5, amountMinor: 250, score: 0.25f, Decision.Approve, ReasonCodes.None),
        ];

        var table = new SignalTable(client, options.SignalTable);
        foreach (var batch in new[] { first, second })
        {
            request.Prepare(batch);
            Assert.Equal(batch.Length, request.Remaining);
            Assert.Equal(0, request.KeepUnprocessed(await client.BatchWriteItemAsync(request.Request)));
            foreach (var signal in batch)
            {
                var item = await table.GetAsync(signal.TransactionId) ?? throw new Xunit.Sdk.XunitException($"signal {signal.TransactionId} not found");
                AssertItem(signal, item);
            }
        }
    }

    [Fact]
    public void Only_the_items_the_answer_names_unprocessed_for_this_table_are_sent_again()
    {
        var request = new SignalBatchRequest("fraud-signals");
        request.Prepare([Signal(11, 1, 0.1f, Decision.Approve, ReasonCodes.None), Signal(12, 2, 0.2f, Decision.Approve, ReasonCodes.None),
            Signal(13, 3, 0.3f, Decision.Approve, ReasonCodes.None), Signal(99, 4, 0.4f, Decision.Approve, ReasonCodes.None)]);

        var left = request.KeepUnprocessed(new BatchWriteItemResponse
        {
            UnprocessedItems = new()
            {
                ["other-table"] = [Put("99")],
                ["fraud-signals"] = [Put("12"), Put("13")],
            },
        });

        Assert.Equal(2, left);
        Assert.Equal(["12", "13"], request.Request.RequestItems["fraud-signals"].Select(w => w.PutRequest.Item[DynamoDbTables.TransactionIdAttribute].S));
        Assert.Equal(0, request.KeepUnprocessed(new BatchWriteItemResponse { UnprocessedItems = new() }));
        Assert.Empty(request.Request.RequestItems["fraud-signals"]);
    }

    private static WriteRequest Put(string transactionId) =>
        new(new PutRequest(new Dictionary<string, AttributeValue> { [DynamoDbTables.TransactionIdAttribute] = new() { S = transactionId } }));

    private static void AssertItem(FraudSignal signal, Dictionary<string, AttributeValue> item)
    {
        Assert.Equal(signal.TransactionId.ToString(CultureInfo.InvariantCulture), item[DynamoDbTables.TransactionIdAttribute].S);
        Assert.Equal(signal.CardId, item[SignalItems.CardId].S);
        Assert.Equal(signal.TerminalId.ToString(CultureInfo.InvariantCulture), item[SignalItems.TerminalId].N);
        Assert.Equal(signal.AmountMinor / 100m, decimal.Parse(item[SignalItems.Amount].N, CultureInfo.InvariantCulture)); // DynamoDB drops trailing zeros
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(signal.EventTimeMs).UtcDateTime, DateTime.Parse(item[SignalItems.EventTime].S, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal));
        Assert.Equal((double)signal.Score, double.Parse(item[SignalItems.Score].N, CultureInfo.InvariantCulture));
        Assert.Equal(SignalItems.DecisionName(signal.Decision), item[SignalItems.Decision].S);
        Assert.Equal(ReasonCodeNames.Of(signal.Reasons), item[SignalItems.Reasons].L.Select(v => v.S));
        Assert.Equal(signal.ModelVersion, item[SignalItems.ModelVersion].S);
        var features = SignalItems.ReadFeatures(item);
        Assert.Equal(FeatureSchema.Names, features.Keys);
        for (var i = 0; i < FeatureSchema.Count; i++)
        {
            Assert.Equal(FeatureSchema.Value(signal, i), features[FeatureSchema.Names[i]]); // round trip, exact
        }
    }

    private async Task<(DynamoDbOptions Options, IAmazonDynamoDB Client)> SignalTableAsync()
    {
        var names = fixture.NewNames(partitions: 1);
        var options = new DynamoDbOptions
        {
            ServiceUrl = fixture.Infrastructure.DynamoDb.ServiceUrl.ToString(),
            StateTable = names.StateTable,
            SignalTable = names.SignalTable,
        };
        var client = DynamoDbClientFactory.Create(options);
        await DynamoDbTables.EnsureCreatedAsync(client, options, CancellationToken.None);
        return (options, client);
    }

    private static FraudSignal Signal(long id, long amountMinor, float score, Decision decision, ReasonCodes reasons) => new(
        id, $"card-{id}", 40 + id, amountMinor, 1_530_000_123_456 + id,
        new CardFeatures(amountMinor / 100.0, id % 2 == 0, true, 3, 45.6, 12, 44.123456789, 60, 1.0 / 3, 3600),
        new TerminalRisk(1, 0, 7, 1, 30, 2, new TerminalRun(12, 0, 9, 3601.5)),
        new CardPatterns(2, 3, 0.9312345678901234, 2, false, 5.123456789012345, 2, 41.98765432101234, -0.3333333333333333),
        score, decision, reasons, "xgb-test-1");
}
