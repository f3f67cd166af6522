using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Silo.Api;
using Fraud.Orleans.Silo.Hosting;
using Fraud.Orleans.Silo.Reviews;
using Fraud.Orleans.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Fraud.Orleans.Tests.Integration;

/// <summary>
/// The review queue through a real silo: REVIEW and BLOCK decisions from Kafka become cases (once, however often
/// their transactions are replayed), the analyst pages the open queue oldest first, reads a case with its card's
/// history, and labels it; only analyst keys reach it.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class ReviewApiTests(InfrastructureFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly long Monday = new DateTimeOffset(2018, 4, 2, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private const long Minute = 60_000;

    [Fact]
    public async Task The_open_queue_pages_oldest_first_and_its_cursor_walks_every_case()
    {
        using var model = new ReviewEverythingModel();
        var names = fixture.NewNames(partitions: 2);
        await using var silo = await StartAsync(names, model);
        var transactions = Transactions(count: 30, cards: 5);
        Produce(names, transactions);
        var expected = await CasesExpectedAsync(silo, names, transactions.Length);
        Assert.True(expected.Count >= 20, $"the lowered review threshold makes cases of nearly all 30 transactions, got {expected.Count}");

        using var analyst = silo.ApiClient(ApiRoles.Analyst);
        var walked = new List<JsonElement>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await analyst.GetFromJsonAsync<JsonElement>($"/v1/reviews?status=open&limit=7{(cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))}");
            var cases = page.GetProperty("cases").EnumerateArray().ToList();
            Assert.InRange(cases.Count, 0, 7);
            walked.AddRange(cases);
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null && pages < 20);

        Assert.Null(cursor);
        Assert.True(pages >= expected.Count / 7, $"{pages} pages of at most 7 for {expected.Count} cases");
        var ids = walked.Select(c => c.GetProperty("transactionId").GetInt64()).ToList();
        var oldestFirst = transactions.Where(t => expected.Contains(t.TransactionId)).OrderBy(t => t.EventTimeMs).ThenBy(t => t.TransactionId).Select(t => t.TransactionId);
        Assert.Equal(oldestFirst, ids);
        Assert.All(walked, c => Assert.Equal("open", c.GetProperty("status").GetString()));
        Assert.All(walked, c => Assert.Contains(c.GetProperty("decision").GetString(), new[] { "REVIEW", "BLOCK" }));

        // One case: the features and reasons at decision time, the card's recent history from its grain, its cases.
        var first = transactions.Single(t => t.TransactionId == ids[0]);
        var detail = await analyst.GetFromJsonAsync<JsonElement>($"/v1/reviews/{first.TransactionId}");
        var shown = detail.GetProperty("case");
        Assert.Equal(first.CardId, shown.GetProperty("cardId").GetString());
        Assert.Contains(shown.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()), r => r is "MODEL_SCORE_REVIEW" or "MODEL_SCORE_BLOCK");
        Assert.Equal(first.AmountMinor / 100.0, detail.GetProperty("features").GetProperty("TX_AMOUNT").GetDouble());
        AssertExplains(shown, detail.GetProperty("features"));
        var history = detail.GetProperty("cardHistory").EnumerateArray().Select(s => s.GetProperty("transactionId").GetInt64()).ToList();
        var ofCard = transactions.Where(t => t.CardId == first.CardId).OrderByDescending(t => t.EventTimeMs).Select(t => t.TransactionId);
        Assert.Equal(ofCard, history);
        Assert.Contains(detail.GetProperty("cardCases").EnumerateArray(), c => c.GetProperty("transactionId").GetInt64() == first.TransactionId);
        Assert.All(detail.GetProperty("cardCases").EnumerateArray(), c => Assert.Equal(first.CardId, c.GetProperty("cardId").GetString()));

        // Malformed queries are validation problems, each naming its field.
        foreach (var (query, field) in new[] { ("status=pending", "status"), ("limit=0", "limit"), ("limit=101", "limit"), ("cursor=not-a-cursor", "cursor") })
        {
            using var bad = await analyst.GetAsync($"/v1/reviews?{query}");
            var problem = await ProblemAsync(bad, HttpStatusCode.BadRequest, query);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{query}: {problem}");
        }
    }

    [Fact]
    public async Task Replayed_transactions_open_no_second_case_and_a_labelled_case_stays_labelled()
    {
        using var model = new ReviewEverythingModel();
        var names = fixture.NewNames(partitions: 2);
        var transactions = Transactions(count: 12, cards: 3);
        HashSet<long> expected;
        long labelled;
        await using (var silo = await StartAsync(names, model))
        {
            Produce(names, transactions);
            expected = await CasesExpectedAsync(silo, names, transactions.Length);
            labelled = expected.Min();
            using var analyst = silo.ApiClient(ApiRoles.Analyst);
            using var label = await analyst.PostAsJsonAsync($"/v1/reviews/{labelled}/label", new { label = "fraud" });
            Assert.Equal(HttpStatusCode.OK, label.StatusCode);

            // The same records again: the grains know them, their signals and cases are written again, and change nothing.
            Produce(names, transactions);
            var metrics = silo.Services.GetRequiredService<IngestMetrics>();
            await Eventually.WaitUntilAsync(() => metrics.CommittedRecords >= 2 * transactions.Length, Deadline,
                () => $"the duplicates committed (so their cases durable): {metrics.CommittedRecords} of {2 * transactions.Length}");
            await AssertCasesAsync(silo, names, expected, labelled);
        }

        // A silo that forgot every card (new state table and consumer group) decides the whole topic again from scratch.
        await using var again = await StartAsync(names, model, new Dictionary<string, string?>
        {
            ["Kafka:GroupId"] = names.Group + "-again",
            ["DynamoDB:StateTable"] = names.StateTable + "-again",
            ["Orleans:MembershipTable"] = $"membership-{names.Id}-again",
        });
        var replayed = again.Services.GetRequiredService<IngestMetrics>();
        await Eventually.WaitUntilAsync(() => replayed.CommittedRecords >= 2 * transactions.Length, Deadline,
            () => $"the topic replayed and committed: {replayed.CommittedRecords} of {2 * transactions.Length}");
        await AssertCasesAsync(again, names, expected, labelled);
    }

    [Fact]
    public async Task Only_analyst_keys_reach_the_queue_and_labels_are_validated_once_and_for_all()
    {
        using var model = new ReviewEverythingModel();
        var names = fixture.NewNames(partitions: 1);
        var sent = new CapturedLabels();
        await using var silo = await StartAsync(names, model, labels: sent);
        var transactions = Transactions(count: 3, cards: 1);
        Produce(names, transactions);
        var cases = await CasesExpectedAsync(silo, names, transactions.Length);
        var id = cases.First();

        using var analyst = silo.ApiClient(ApiRoles.Analyst);
        using var scorer = silo.ApiClient(ApiRoles.Scorer);
        using var operatorKey = silo.ApiClient(ApiRoles.Operator);
        using var anonymous = TestSilo.ClientWithKey(silo, null);
        foreach (var path in new[] { "/v1/reviews?status=open", $"/v1/reviews/{id}" })
        {
            using (var ok = await analyst.GetAsync(path))
            {
                Assert.True(ok.StatusCode == HttpStatusCode.OK, $"{path}: {ok.StatusCode} {await ok.Content.ReadAsStringAsync()}");
            }

            using var noKey = await anonymous.GetAsync(path);
            await ProblemAsync(noKey, HttpStatusCode.Unauthorized, $"{path} without a key");
            using var scorerKey = await scorer.GetAsync(path);
            await ProblemAsync(scorerKey, HttpStatusCode.Forbidden, $"{path} with the scorer key");
            using var operatorResponse = await operatorKey.GetAsync(path);
            await ProblemAsync(operatorResponse, HttpStatusCode.Forbidden, $"{path} with the operator key");
        }

        using (var scorerLabel = await scorer.PostAsJsonAsync($"/v1/reviews/{id}/label", new { label = "fraud" }))
        {
            await ProblemAsync(scorerLabel, HttpStatusCode.Forbidden, "a label with the scorer key");
        }

        using (var noKeyLabel = await anonymous.PostAsJsonAsync($"/v1/reviews/{id}/label", new { label = "fraud" }))
        {
            await ProblemAsync(noKeyLabel, HttpStatusCode.Unauthorized, "a label without a key");
        }

        // 400: not a label, not an id; 404: no such case.
        using (var badLabel = await analyst.PostAsJsonAsync($"/v1/reviews/{id}/label", new { label = "maybe" }))
        {
            Assert.True((await ProblemAsync(badLabel, HttpStatusCode.BadRequest, "label maybe")).GetProperty("errors").TryGetProperty("label", out _));
        }

        using (var badId = await analyst.PostAsJsonAsync("/v1/reviews/abc/label", new { label = "fraud" }))
        {
            Assert.True((await ProblemAsync(badId, HttpStatusCode.BadRequest, "id abc")).GetProperty("errors").TryGetProperty("transactionId", out _));
        }

        using (var unknown = await analyst.PostAsJsonAsync("/v1/reviews/999999/label", new { label = "fraud" }))
        {
            await ProblemAsync(unknown, HttpStatusCode.NotFound, "a label for no case");
        }

        using (var unknownCase = await analyst.GetAsync("/v1/reviews/999999"))
        {
            await ProblemAsync(unknownCase, HttpStatusCode.NotFound, "no case");
        }

        // Labelled once: the same label again is a no-op, the other label a conflict; the case left the open queue.
        using (var genuine = await analyst.PostAsJsonAsync($"/v1/reviews/{id}/label", new { label = "genuine" }))
        {
            var closed = await genuine.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
            Assert.Equal("labelled", closed.GetProperty("status").GetString());
            Assert.Equal("genuine", closed.GetProperty("label").GetString());
            Assert.False(string.IsNullOrEmpty(closed.GetProperty("labelledBy").GetString()));
        }

        using (var same = await analyst.PostAsJsonAsync($"/v1/reviews/{id}/label", new { label = "genuine" }))
        {
            Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        }

        using (var conflict = await analyst.PostAsJsonAsync($"/v1/reviews/{id}/label", new { label = "fraud" }))
        {
            await ProblemAsync(conflict, HttpStatusCode.Conflict, "the other label");
        }

        // Label feedback got the label with what the labels topic needs about the transaction, and got it again, the
        // same, when the same label was posted again (a retry delivers what a failed delivery lost); never the conflict.
        var delivered = sent.Labels.ToArray();
        Assert.Equal(2, delivered.Length);
        Assert.Equal(delivered[0], delivered[1]);
        var feedback = delivered[0];
        var transaction = transactions.Single(t => t.TransactionId == id);
        Assert.Equal((id, transaction.CardId, transaction.TerminalId, transaction.EventTimeMs, false, "session-analyst"),
            (feedback.TransactionId, feedback.CardId, feedback.TerminalId, feedback.EventTimeMs, feedback.IsFraud, feedback.Analyst));

        var open = await analyst.GetFromJsonAsync<JsonElement>("/v1/reviews?status=open&limit=100");
        Assert.DoesNotContain(open.GetProperty("cases").EnumerateArray(), c => c.GetProperty("transactionId").GetInt64() == id);
        var labelledPage = await analyst.GetFromJsonAsync<JsonElement>("/v1/reviews?status=labelled");
        var labelledCase = Assert.Single(labelledPage.GetProperty("cases").EnumerateArray());
        Assert.Equal(id, labelledCase.GetProperty("transactionId").GetInt64());
        Assert.Equal("session-analyst", labelledCase.GetProperty("labelledBy").GetString());
    }

    private Task<SiloHost> StartAsync(TestNames names, ReviewEverythingModel model, Dictionary<string, string?>? extra = null, IReviewLabels? labels = null)
    {
        var overrides = new Dictionary<string, string?> { ["Silo:ModelPath"] = model.OnnxPath };
        foreach (var (key, value) in extra ?? [])
        {
            overrides[key] = value;
        }

        return TestSilo.StartAsync(fixture, names, overrides, services: labels is null ? null : services => services.AddSingleton(labels));
    }

    /// <summary>Transactions of a few cards, a few minutes apart in event time, each card's in order.</summary>
    private static Transaction[] Transactions(int count, int cards) =>
        Enumerable.Range(1, count)
            .Select(i => new Transaction(1000 + i, $"review-card-{i % cards}", 40 + (i % 4), (i * 37 % 500 + 5) * 100, Monday + (i * 7 % count) * Minute + i))
            .OrderBy(t => t.CardId, StringComparer.Ordinal).ThenBy(t => t.EventTimeMs)
            .ToArray();

    private void Produce(TestNames names, Transaction[] transactions)
    {
        using var producer = new TransactionProducer(fixture.Infrastructure.Kafka.BootstrapServers, names.Topic);
        foreach (var tx in transactions)
        {
            producer.Produce(tx);
        }

        producer.Flush(Deadline);
        Assert.Equal(transactions.Length, producer.Delivered);
    }

    /// <summary>Waits for every signal, then for a case of each REVIEW or BLOCK one; returns their transaction ids.</summary>
    private static async Task<HashSet<long>> CasesExpectedAsync(SiloHost silo, TestNames names, int transactions)
    {
        var client = silo.Services.GetRequiredService<IAmazonDynamoDB>();
        var signals = new SignalTable(client, names.SignalTable);
        List<Dictionary<string, Amazon.DynamoDBv2.Model.AttributeValue>> stored = [];
        await Eventually.WaitUntilAsync(async () => (stored = await signals.ScanAsync()).Count == transactions, Deadline, () => $"{stored.Count} of {transactions} signals");
        var expected = stored.Where(s => s["decision"].S != "APPROVE").Select(s => long.Parse(s["transactionId"].S, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
        var cases = new SignalTable(client, names.ReviewTable);
        var count = 0;
        await Eventually.WaitUntilAsync(async () => (count = (await cases.ScanAsync()).Count) == expected.Count, Deadline, () => $"{count} of {expected.Count} cases");
        return expected;
    }

    private static async Task AssertCasesAsync(SiloHost silo, TestNames names, HashSet<long> expected, long labelled)
    {
        var items = await new SignalTable(silo.Services.GetRequiredService<IAmazonDynamoDB>(), names.ReviewTable).ScanAsync();
        Assert.Equal(expected.Order(), items.Select(i => long.Parse(i["transactionId"].S, System.Globalization.CultureInfo.InvariantCulture)).Order());
        foreach (var item in items)
        {
            var id = long.Parse(item["transactionId"].S, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(id == labelled ? "labelled" : "open", item["status"].S);
        }

        Assert.Equal("fraud", items.Single(i => i["transactionId"].S == labelled.ToString(System.Globalization.CultureInfo.InvariantCulture))["label"].S);
    }

    /// <summary>
    /// Beside the reasons, the case's explanation: the 5 largest contributions by size, each with the feature's value as
    /// the case shows it; with the baseline and the rest they make up the margin, whose sigmoid is the case's score.
    /// </summary>
    private static void AssertExplains(JsonElement shownCase, JsonElement features)
    {
        var explanation = shownCase.GetProperty("explanation");
        Assert.Equal(JsonValueKind.Object, explanation.ValueKind);
        var contributions = explanation.GetProperty("contributions").EnumerateArray().ToList();
        Assert.Equal(CaseExplanations.Shown, contributions.Count);
        var sizes = contributions.Select(c => Math.Abs(c.GetProperty("contribution").GetDouble())).ToList();
        Assert.Equal(sizes.OrderDescending(), sizes);
        Assert.True(sizes[0] > 0, $"a case's largest contribution is not zero: {explanation}");
        foreach (var c in contributions)
        {
            var feature = c.GetProperty("feature").GetString()!;
            Assert.Equal((float)features.GetProperty(feature).GetDouble(), (float)c.GetProperty("value").GetDouble());
        }

        var margin = explanation.GetProperty("margin").GetDouble();
        var total = explanation.GetProperty("baseline").GetDouble() + contributions.Sum(c => c.GetProperty("contribution").GetDouble())
            + explanation.GetProperty("others").GetDouble();
        Assert.Equal(margin, total, 9);
        Assert.Equal(shownCase.GetProperty("score").GetDouble(), 1 / (1 + Math.Exp(-margin)), 5);
    }

    /// <summary>The labels the silo hands to label feedback.</summary>
    private sealed class CapturedLabels : IReviewLabels
    {
        public System.Collections.Concurrent.ConcurrentQueue<ReviewLabel> Labels { get; } = new();

        public Task LabelledAsync(ReviewLabel label, CancellationToken cancellationToken)
        {
            Labels.Enqueue(label);
            return Task.CompletedTask;
        }
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected, string what)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{what}: expected {(int)expected}, got {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonSerializer.Deserialize<JsonElement>(body);
    }
}
