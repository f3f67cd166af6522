using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Silo.Api;
using Fraud.Orleans.Silo.Hosting;
using Fraud.Orleans.Silo.Storage;
using Fraud.Orleans.Tests.Cluster;
using Fraud.Orleans.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Fraud.Orleans.Tests.Integration;

/// <summary>A challenger scored in shadow, and promotions while transactions stream in.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class ModelPromotionTests(InfrastructureFixture fixture) : IDisposable
{
    private const int Cards = 300;
    private const int Transactions = 6_000;
    private const int Promotions = 5;
    private const int Rate = 600;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private static readonly long Start = new DateTimeOffset(2018, 4, 2, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    // The challenger is the shipped model under another version, with thresholds that block nearly everything: a
    // signal's decision shows which of the two decided it.
    private readonly TempFolder _challengerDirectory = new("fraud-challenger-");

    public void Dispose() => _challengerDirectory.Dispose();

    [Fact]
    public async Task Promotions_under_load_leave_every_transaction_decided_once_by_the_champion_named_on_its_signal()
    {
        var challengerPath = WriteChallenger(out var challengerVersion, out var challengerBlock);
        var championVersion = SharedModel.Instance.Metadata.ModelVersion;
        var championBlock = SharedModel.Instance.Metadata.Thresholds.Block;
        const int partitions = 4;
        var names = fixture.NewNames(partitions);
        await using var silo = await TestSilo.StartAsync(fixture, names, new Dictionary<string, string?> { ["Silo:ChallengerModelPath"] = challengerPath });
        using var http = silo.ApiClient(ApiRoles.Operator);
        var metrics = silo.Services.GetRequiredService<IngestMetrics>();

        var lineup = await http.GetFromJsonAsync<JsonElement>("/v1/models");
        Assert.Equal(championVersion, lineup.GetProperty("champion").GetString());
        Assert.Equal(challengerVersion, lineup.GetProperty("challenger").GetString());

        var gateway = silo.Services.GetRequiredService<KafkaIngestGateway>();
        await Eventually.WaitUntilAsync(() => Task.FromResult(gateway.OwnedPartitions.Count == partitions), Deadline, () => $"{gateway.OwnedPartitions.Count} partitions owned");

        // The stream is paced, and each step first waits until the silo has consumed what was sent before it;
        // PacedStream produces nothing while a step runs, so each champion decides about a sixth however slow the silo.
        var steps = Enumerable.Range(1, Promotions).Select(promotion =>
        {
            var due = promotion * Transactions / (Promotions + 1);
            return (At: TimeSpan.FromSeconds((double)due / Rate), Step: (Func<Task>)(async () =>
            {
                // Less a quarter second of the stream: the count sent lags the step's time by however long the
                // producing thread was held up between the two.
                var after = due - (Rate / 4);
                await Eventually.WaitUntilAsync(() => Task.FromResult(metrics.Consumed >= after), Deadline, () => $"{after} consumed; {metrics.Consumed} so far");
                using var response = await http.PostAsync("/v1/models/promote", content: null);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var promoted = await response.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal(promotion % 2 == 1 ? challengerVersion : championVersion, promoted.GetProperty("champion").GetString());
            }));
        }).ToList();
        await PacedStream.RunAsync(fixture.Infrastructure.Kafka.BootstrapServers, names.Topic, Input(), Rate, steps, Deadline);

        var table = new SignalTable(silo.Services.GetRequiredService<IAmazonDynamoDB>(), names.SignalTable);
        List<Dictionary<string, Amazon.DynamoDBv2.Model.AttributeValue>> signals = [];
        await Eventually.WaitUntilAsync(
            async () => (signals = await table.ScanAsync()).Count == Transactions, Deadline, () => $"{Transactions} signals; {signals.Count} so far");

        var byVersion = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var signal in signals)
        {
            var version = signal[SignalItems.ModelVersion].S;
            var block = version == championVersion ? championBlock : version == challengerVersion ? challengerBlock
                : throw new Xunit.Sdk.XunitException($"signal {signal["transactionId"].S} names model {version}");
            var shadowVersion = version == championVersion ? challengerVersion : championVersion;
            Assert.Equal(shadowVersion, signal[SignalItems.ChallengerVersion].S);

            // Same ONNX file under both versions: the shadow score is the champion's, and the decision follows the
            // thresholds of the version the signal names.
            var score = double.Parse(signal[SignalItems.Score].N, CultureInfo.InvariantCulture);
            Assert.Equal(score, double.Parse(signal[SignalItems.ChallengerScore].N, CultureInfo.InvariantCulture), 6);
            Assert.Equal(score >= block, signal[SignalItems.Decision].S == "BLOCK");
            byVersion[version] = byVersion.GetValueOrDefault(version) + 1;
        }

        Assert.True(byVersion.Count == 2 && byVersion.Values.All(n => n >= Transactions / (Promotions + 1) / 2), $"signals by champion: {string.Join(", ", byVersion)}");

        // Nothing decided twice: every card's grain counted exactly what was sent for it.
        var grains = silo.Services.GetRequiredService<global::Orleans.IGrainFactory>();
        for (var card = 0; card < Cards; card++)
        {
            var live = await grains.GetGrain<ICardGrain>(CardId(card)).GetLiveScoreAsync();
            Assert.Equal(Transactions / Cards, live.TransactionsCounted);
        }

        Assert.Equal(Transactions, metrics.Consumed);
        Assert.Equal(0, metrics.DeadLettered);
    }

    [Fact]
    public async Task A_promotion_asked_of_one_silo_changes_the_champion_on_every_silo_once()
    {
        var challengerPath = WriteChallenger(out var challengerVersion, out _);
        var championVersion = SharedModel.Instance.Metadata.ModelVersion;
        var names = fixture.NewNames(partitions: 2);
        var settings = new Dictionary<string, string?> { ["Silo:ChallengerModelPath"] = challengerPath };
        await using var first = await TestSilo.StartAsync(fixture, names, settings);
        await using var second = await TestSilo.StartAsync(fixture, names, settings);
        var management = first.Services.GetRequiredService<global::Orleans.IGrainFactory>().GetGrain<global::Orleans.Runtime.IManagementGrain>(0);
        await Eventually.WaitUntilAsync(async () => (await management.GetHosts(onlyActive: true)).Count == 2, Deadline, () => "two active silos");
        using var firstHttp = first.ApiClient(ApiRoles.Operator);
        using var secondHttp = second.ApiClient(ApiRoles.Operator);

        foreach (var (via, champion, challenger) in new[] { (secondHttp, challengerVersion, championVersion), (firstHttp, championVersion, challengerVersion) })
        {
            using var response = await via.PostAsync("/v1/models/promote", content: null);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"promote: {(int)response.StatusCode} {body}");
            Assert.Equal(champion, body.GetProperty("champion").GetString());
            var silos = body.GetProperty("silos").EnumerateArray().ToList();
            Assert.Equal(2, silos.Count);
            Assert.All(silos, s => Assert.Equal(nameof(PromotionOutcome.Promoted), s.GetProperty("outcome").GetString()));

            foreach (var http in new[] { firstHttp, secondHttp })
            {
                var lineup = await http.GetFromJsonAsync<JsonElement>("/v1/models");
                Assert.Equal(champion, lineup.GetProperty("champion").GetString());
                Assert.Equal(challenger, lineup.GetProperty("challenger").GetString());
            }
        }
    }

    [Fact]
    public async Task Promotion_without_a_challenger_is_a_conflict_and_changes_nothing()
    {
        var names = fixture.NewNames(partitions: 1);
        await using var silo = await TestSilo.StartAsync(fixture, names);
        using var http = silo.ApiClient(ApiRoles.Operator);

        using var response = await http.PostAsync("/v1/models/promote", content: null);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var lineup = await http.GetFromJsonAsync<JsonElement>("/v1/models");
        Assert.Equal(SharedModel.Instance.Metadata.ModelVersion, lineup.GetProperty("champion").GetString());
        Assert.Equal(JsonValueKind.Null, lineup.GetProperty("challenger").ValueKind);

        using var scorer = silo.ApiClient(ApiRoles.Scorer);
        using var forbidden = await scorer.PostAsync("/v1/models/promote", content: null);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Fact]
    public async Task A_challenger_path_that_does_not_exist_stops_the_silo_at_start_up()
    {
        var names = fixture.NewNames(partitions: 1);
        var missing = _challengerDirectory.File("missing.onnx");
        var error = await Assert.ThrowsAsync<SiloConfigurationException>(() => TestSilo.StartAsync(
            fixture, names, new Dictionary<string, string?> { ["Silo:ChallengerModelPath"] = missing }));
        Assert.Contains($"Silo:ChallengerModelPath '{missing}' does not exist", error.Message, StringComparison.Ordinal);
    }

    private string WriteChallenger(out string version, out double block)
    {
        block = 0.000002;
        return ChallengerModelFiles.Write(_challengerDirectory.Path, out version, (0.000001, block));
    }

    private static string CardId(int card) => "promo-card-" + card.ToString(CultureInfo.InvariantCulture);

    private static List<Transaction> Input() =>
        [.. Enumerable.Range(0, Transactions).Select(i => new Transaction(i + 1, CardId(i % Cards), 7 + (i % 50), 10_00 + (i % 7_000), Start + (i * 60_000L)))];
}
