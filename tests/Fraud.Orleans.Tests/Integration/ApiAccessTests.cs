using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fraud.Orleans.Silo.Api;
using Fraud.Orleans.Silo.Cards;
using Fraud.Orleans.Silo.Hosting;
using Fraud.Orleans.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Fraud.Orleans.Tests.Integration;

/// <summary>
/// The API's guards through a real silo: each role reaches its endpoints and only those (200 / 401 / 403), <c>/healthz</c>
/// is open, bodies over the limit get 413, a key over its permits 429, and every error is an RFC 7807 problem.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class ApiAccessTests(InfrastructureFixture fixture)
{
    private const string ScorerKey = "test-scorer-key";
    private const string AnalystKey = "test-analyst-key";
    private const string OperatorKey = "test-operator-key";
    private const string LimitedKey = "test-limited-key";
    private const int LimitedPermits = 3;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly long Monday = new DateTimeOffset(2018, 4, 2, 9, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    /// <summary>Configured keys (hashes only), the limited one with a few permits per hour: no window ends during a test.</summary>
    private static Dictionary<string, string?> Keys() => new()
    {
        ["Api:Keys:0:Name"] = "payments",
        ["Api:Keys:0:Role"] = ApiRoles.Scorer,
        ["Api:Keys:0:KeyHash"] = ApiKeyHash.HexOf(ScorerKey),
        ["Api:Keys:1:Name"] = "analysts",
        ["Api:Keys:1:Role"] = ApiRoles.Analyst,
        ["Api:Keys:1:KeyHash"] = ApiKeyHash.HexOf(AnalystKey),
        ["Api:Keys:2:Name"] = "ops",
        ["Api:Keys:2:Role"] = ApiRoles.Operator,
        ["Api:Keys:2:KeyHash"] = ApiKeyHash.HexOf(OperatorKey),
        ["Api:Keys:3:Name"] = "limited",
        ["Api:Keys:3:Role"] = ApiRoles.Scorer,
        ["Api:Keys:3:KeyHash"] = ApiKeyHash.HexOf(LimitedKey),
        ["Api:Keys:3:PermitsPerWindow"] = LimitedPermits.ToString(CultureInfo.InvariantCulture),
        ["Api:RateLimitWindow"] = "01:00:00",
    };

    [Fact]
    public async Task Each_endpoint_answers_its_role_and_refuses_the_others()
    {
        var names = fixture.NewNames(partitions: 1);
        await using var silo = await TestSilo.StartAsync(fixture, names, Keys());
        var cards = silo.Services.GetRequiredService<CardActivations>();
        await Eventually.WaitUntilAsync(() => cards.EpochOf("acl-card") > 0, Deadline, () => "the card's partition owned");

        var endpoints = new (string Role, Func<HttpRequestMessage> Request)[]
        {
            (ApiRoles.Scorer, () => new HttpRequestMessage(HttpMethod.Post, "/v1/score")
            {
                Content = JsonContent.Create(new { transactionId = 77, cardId = "acl-card", terminalId = 1, amountMinor = 10_00, eventTimeMs = Monday }),
            }),
            (ApiRoles.Scorer, () => new HttpRequestMessage(HttpMethod.Get, "/v1/cards/acl-card")),
            (ApiRoles.Operator, () => new HttpRequestMessage(HttpMethod.Get, "/v1/silo")),
            (ApiRoles.Operator, () => new HttpRequestMessage(HttpMethod.Get, "/metrics")),
            (ApiRoles.Operator, () => new HttpRequestMessage(HttpMethod.Get, "/v1/figures")),
        };
        var keyOf = new Dictionary<string, string> { [ApiRoles.Scorer] = ScorerKey, [ApiRoles.Analyst] = AnalystKey, [ApiRoles.Operator] = OperatorKey };

        foreach (var (role, request) in endpoints)
        {
            var path = request().RequestUri;
            using (var response = await SendAsync(silo, request(), keyOf[role]))
            {
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} with the {role} key: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }

            foreach (var key in new string?[] { null, "not-a-key" })
            {
                using var refused = await SendAsync(silo, request(), key);
                await AssertProblemAsync(refused, HttpStatusCode.Unauthorized, $"{path} with {key ?? "no key"}");
                Assert.Equal("Bearer", refused.Headers.WwwAuthenticate.Single().Scheme);
            }

            foreach (var other in keyOf.Keys.Where(r => r != role))
            {
                using var forbidden = await SendAsync(silo, request(), keyOf[other]);
                await AssertProblemAsync(forbidden, HttpStatusCode.Forbidden, $"{path} with the {other} key");
            }
        }

        // The dashboard is the operator's too, and so is any path no endpoint names (the fallback policy).
        using (var dashboard = await SendAsync(silo, new HttpRequestMessage(HttpMethod.Get, "/dashboard/index.html"), OperatorKey))
        {
            Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        }

        using (var dashboard = await SendAsync(silo, new HttpRequestMessage(HttpMethod.Get, "/dashboard/index.html"), ScorerKey))
        {
            Assert.Equal(HttpStatusCode.Forbidden, dashboard.StatusCode);
        }

        using (var unknown = await SendAsync(silo, new HttpRequestMessage(HttpMethod.Get, "/v1/nothing-here"), null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        }

        using var health = await SendAsync(silo, new HttpRequestMessage(HttpMethod.Get, "/healthz"), null);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        // The live console's page and files are open (they hold no data; the page calls the API with its user's keys).
        foreach (var path in new[] { "/console", "/console/console.js", "/console/console.css", "/console/icon.svg" })
        {
            using var page = await SendAsync(silo, new HttpRequestMessage(HttpMethod.Get, path), null);
            Assert.True(page.StatusCode == HttpStatusCode.OK, $"{path} without a key: {page.StatusCode}");
        }
    }

    [Fact]
    public async Task Oversized_and_malformed_bodies_are_refused_as_problems()
    {
        var names = fixture.NewNames(partitions: 1);
        await using var silo = await TestSilo.StartAsync(fixture, names, Keys());

        var padding = new string('x', 20_000); // over the default 16 KB
        using var oversized = await SendAsync(silo, new HttpRequestMessage(HttpMethod.Post, "/v1/score")
        {
            Content = JsonContent.Create(new { transactionId = 1, cardId = "big", terminalId = 1, amountMinor = 1, eventTimeMs = Monday, padding }),
        }, ScorerKey);
        await AssertProblemAsync(oversized, HttpStatusCode.RequestEntityTooLarge, "a 20 KB body");

        using var malformed = await SendAsync(silo, new HttpRequestMessage(HttpMethod.Post, "/v1/score")
        {
            Content = new StringContent("{\"transactionId\": \"one\"", Encoding.UTF8, "application/json"),
        }, ScorerKey);
        await AssertProblemAsync(malformed, HttpStatusCode.BadRequest, "malformed JSON");

        using var invalid = await SendAsync(silo, new HttpRequestMessage(HttpMethod.Post, "/v1/score")
        {
            Content = JsonContent.Create(new { transactionId = 0, cardId = new string('c', 65), terminalId = 1, amountMinor = -1, eventTimeMs = Monday }),
        }, ScorerKey);
        var problem = await AssertProblemAsync(invalid, HttpStatusCode.BadRequest, "an invalid transaction");
        Assert.Equal(["amountMinor", "cardId", "transactionId"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));

        using var badCard = await SendAsync(silo, new HttpRequestMessage(HttpMethod.Get, "/v1/cards/" + new string('c', 65)), ScorerKey);
        Assert.True((await AssertProblemAsync(badCard, HttpStatusCode.BadRequest, "a card id too long")).GetProperty("errors").TryGetProperty("cardId", out _));
    }

    [Fact]
    public async Task A_key_over_its_permits_gets_429_with_retry_after_and_the_others_do_not()
    {
        var names = fixture.NewNames(partitions: 1);
        await using var silo = await TestSilo.StartAsync(fixture, names, Keys());

        for (var i = 0; i < LimitedPermits; i++)
        {
            using var allowed = await SendAsync(silo, new HttpRequestMessage(HttpMethod.Get, "/v1/cards/limited-card"), LimitedKey);
            Assert.NotEqual(HttpStatusCode.TooManyRequests, allowed.StatusCode);
        }

        using var limited = await SendAsync(silo, new HttpRequestMessage(HttpMethod.Get, "/v1/cards/limited-card"), LimitedKey);
        await AssertProblemAsync(limited, HttpStatusCode.TooManyRequests, "the limited key's request over its permits");
        var retryAfter = limited.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));

        // Another key of the same role has its own permits.
        using var other = await SendAsync(silo, new HttpRequestMessage(HttpMethod.Get, "/v1/cards/limited-card"), ScorerKey);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, other.StatusCode);
    }

    [Fact]
    public async Task A_silo_on_configured_endpoints_without_keys_refuses_to_start()
    {
        var names = fixture.NewNames(partitions: 1);
        var settings = fixture.Infrastructure.SiloSettings(); // real endpoints, as in production; no Api:Keys
        settings["Kafka:Topic"] = names.Topic;

        var error = await Assert.ThrowsAsync<SiloConfigurationException>(() => SiloHost.StartAsync([], builder =>
            Microsoft.Extensions.Configuration.MemoryConfigurationBuilderExtensions.AddInMemoryCollection(builder.Configuration, settings)));

        var problem = Assert.Single(error.Errors);
        Assert.StartsWith("Api:Keys is empty", problem, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> SendAsync(SiloHost silo, HttpRequestMessage request, string? key)
    {
        using var http = TestSilo.ClientWithKey(silo, key);
        using (request)
        {
            return await http.SendAsync(request);
        }
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected, string what)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{what}: expected {(int)expected}, got {(int)response.StatusCode} {body}");
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{what}: content type {response.Content.Headers.ContentType}, body {body}");
        var problem = JsonSerializer.Deserialize<JsonElement>(body);
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        return problem;
    }
}
