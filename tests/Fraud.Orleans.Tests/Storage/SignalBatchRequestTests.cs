using System.Globalization;
using System.Net;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Silo.Storage;
using Fraud.Orleans.Silo.Storage.Http;
using Fraud.Orleans.Tests.Integration;
using Fraud.Orleans.Tests.Support;

namespace Fraud.Orleans.Tests.Storage;

/// <summary>Signal items written as DynamoDB JSON by our own client, read back by the AWS SDK from DynamoDB Local.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class SignalBatchRequestTests(InfrastructureFixture fixture)
{
    [Fact]
    public async Task Items_read_back_by_the_sdk_carry_every_attribute_exactly()
    {
        var (options, client) = await SignalTableAsync();
        using var endpoint = DynamoDbClientFactory.CreateJsonEndpoint(options, TimeProvider.System);
        var request = new SignalBatchRequest(options.SignalTable);
        FraudSignal[] signals =
        [
            Signal(1, amountMinor: 1234, score: 0.0123f, Decision.Approve, ReasonCodes.None),
            Signal(2, amountMinor: 5, score: 0.987654f, Decision.Block, ReasonCodes.ModelScoreBlock | ReasonCodes.Burst),
            Signal(3, amountMinor: 100_000, score: 0f, Decision.Review, ReasonCodes.FirstTransactionOfCard) with
            {
                Terminal = TerminalRisk.None,
                Patterns = new CardPatterns(1, 1, CardPatterns.NoEarlierAmount, 1, true, CardPatterns.NoEarlierAmount, 0, CardPatterns.NoZScore, CardPatterns.NoZScore),
            },
        ];

        var answer = await endpoint.PostAsync("BatchWriteItem", request.Write(signals), CancellationToken.None);
        Assert.Empty(request.Unprocessed(answer));

        var table = new SignalTable(client, options.SignalTable);
        foreach (var signal in signals)
        {
            var item = await table.GetAsync(signal.TransactionId) ?? throw new Xunit.Sdk.XunitException($"signal {signal.TransactionId} not found");
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
    }

    [Fact]
    public void Unprocessed_items_are_named_by_transaction_id_for_this_table_only()
    {
        var request = new SignalBatchRequest("fraud-signals");
        var answer = """
            {"UnprocessedItems":{
              "other-table":[{"PutRequest":{"Item":{"transactionId":{"S":"99"}}}}],
              "fraud-signals":[
                {"PutRequest":{"Item":{"cardId":{"S":"7"},"transactionId":{"S":"12"},"features":{"S":"{\"transactionId\":1}"}}}},
                {"PutRequest":{"Item":{"transactionId":{"S":"13"},"reasons":{"L":[{"S":"BURST"}]}}}}]}}
            """u8;

        Assert.Equal([12L, 13L], request.Unprocessed(answer));
        Assert.Empty(request.Unprocessed("""{"UnprocessedItems":{}}"""u8));
    }

    [Fact]
    public async Task An_error_answer_is_reported_with_its_type_and_message()
    {
        var (options, _) = await SignalTableAsync();
        using var endpoint = DynamoDbClientFactory.CreateJsonEndpoint(options, TimeProvider.System);
        var missing = new SignalBatchRequest("no-such-table-" + Guid.NewGuid().ToString("N"));

        var error = await Assert.ThrowsAsync<DynamoDbHttpException>(() =>
            endpoint.PostAsync("BatchWriteItem", missing.Write([Signal(1, 1, 0.5f, Decision.Approve, ReasonCodes.None)]), CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Equal("ResourceNotFoundException", error.ErrorType);
        Assert.True(TransientStorageErrors.Match(error));
    }

    private async Task<(DynamoDbOptions Options, Amazon.DynamoDBv2.IAmazonDynamoDB Client)> SignalTableAsync()
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
