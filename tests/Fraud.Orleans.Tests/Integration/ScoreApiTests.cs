using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fraud.Orleans.Silo.Api;
using Fraud.Orleans.Silo.Cards;
using Fraud.Orleans.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Fraud.Orleans.Tests.Integration;

/// <summary>The payments API's synchronous path: POST /v1/score decides one transaction in its card's grain, once per id.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class ScoreApiTests(InfrastructureFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly long Monday = new DateTimeOffset(2018, 4, 2, 9, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    [Fact]
    public async Task A_transaction_scored_twice_gets_the_same_signal_and_counts_once()
    {
        var names = fixture.NewNames(partitions: 1);
        await using var silo = await TestSilo.StartAsync(fixture, names);
        var cards = silo.Services.GetRequiredService<CardActivations>();
        await Eventually.WaitUntilAsync(() => cards.EpochOf("api-card") > 0, Deadline, () => "the card's partition owned");
        using var http = silo.ApiClient(ApiRoles.Scorer);
        var body = new { transactionId = 9001, cardId = "api-card", terminalId = 3, amountMinor = 125_00, eventTimeMs = Monday };

        using var first = await http.PostAsJsonAsync("/v1/score", body);
        using var again = await http.PostAsJsonAsync("/v1/score", body);
        var live = await http.GetFromJsonAsync<JsonElement>("/v1/cards/api-card");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var signal = await first.Content.ReadFromJsonAsync<JsonElement>();
        var repeated = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(9001, signal.GetProperty("transactionId").GetInt64());
        Assert.InRange(signal.GetProperty("score").GetSingle(), 0f, 1f);
        Assert.Equal(signal.GetProperty("score").GetSingle(), repeated.GetProperty("score").GetSingle());
        Assert.Equal(signal.GetProperty("decision").GetString(), repeated.GetProperty("decision").GetString());
        Assert.Equal(1, live.GetProperty("transactionsCounted").GetInt64());
        Assert.Equal(125_00, live.GetProperty("totalAmountMinor").GetInt64());
    }

    [Fact]
    public async Task A_bad_body_is_refused_with_every_problem_named()
    {
        var names = fixture.NewNames(partitions: 1);
        await using var silo = await TestSilo.StartAsync(fixture, names);
        using var http = silo.ApiClient(ApiRoles.Scorer);

        using var response = await http.PostAsJsonAsync("/v1/score", new { transactionId = -1, cardId = "", amountMinor = 5 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
        Assert.Equal(["cardId", "eventTimeMs", "terminalId", "transactionId"], fields);
    }
}
