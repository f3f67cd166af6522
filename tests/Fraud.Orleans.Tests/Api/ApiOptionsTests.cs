using Fraud.Orleans.Silo.Api;

namespace Fraud.Orleans.Tests.Api;

public sealed class ApiOptionsTests
{
    private static readonly string Hash = ApiKeyHash.HexOf("a key");

    [Fact]
    public void Valid_keys_pass()
    {
        var options = new ApiOptions
        {
            Keys =
            [
                new() { Name = "payments", Role = ApiRoles.Scorer, KeyHash = Hash },
                new() { Name = "ops", Role = ApiRoles.Operator, KeyHash = ApiKeyHash.HexOf("another key"), PermitsPerWindow = 5 },
            ],
        };

        Assert.Empty(options.Validate());
        Assert.Equal(options.ScorerPermitsPerWindow, options.PermitsOf(options.Keys[0]));
        Assert.Equal(5, options.PermitsOf(options.Keys[1]));
    }

    [Fact]
    public void Every_bad_key_entry_is_reported_at_once()
    {
        var options = new ApiOptions
        {
            Keys =
            [
                new() { Name = "payments", Role = ApiRoles.Scorer, KeyHash = Hash },
                new() { Name = "no-hash-no-role" },
                new() { Name = "who", Role = "admin", KeyHash = ApiKeyHash.HexOf("who") },
                new() { Name = "PAYMENTS", Role = ApiRoles.Analyst, KeyHash = ApiKeyHash.HexOf("third") },
                new() { Name = "plain", Role = ApiRoles.Operator, KeyHash = "the-key-itself", PermitsPerWindow = 0 },
            ],
            MaxRequestBodyBytes = 10,
        };

        var errors = options.Validate().ToList();

        Assert.Equal(7, errors.Count);
        Assert.Contains("Api:Keys:1:Role is empty (scorer, analyst, operator)", errors);
        Assert.Contains(errors, e => e.StartsWith("Api:Keys:1:KeyHash must be", StringComparison.Ordinal));
        Assert.Contains("Api:Keys:2:Role 'admin' is not one of scorer, analyst, operator", errors);
        Assert.Contains("Api:Keys:3:Name 'PAYMENTS' is used by another key", errors);
        Assert.Contains(errors, e => e.StartsWith("Api:Keys:4:KeyHash must be", StringComparison.Ordinal));
        Assert.Contains("Api:Keys:4:PermitsPerWindow must be at least 1", errors);
        Assert.Contains("Api:MaxRequestBodyBytes must be 1 KB..1 MB", errors);
    }

    [Fact]
    public void No_keys_is_an_error()
    {
        var error = Assert.Single(new ApiOptions().Validate());
        Assert.StartsWith("Api:Keys is empty", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_is_found_by_its_hash_and_only_by_it()
    {
        var ring = new ApiKeyRing(new ApiOptions
        {
            Keys = [new() { Name = "a", Role = ApiRoles.Scorer, KeyHash = Hash }, new() { Name = "b", Role = ApiRoles.Analyst, KeyHash = ApiKeyHash.HexOf("b key").ToUpperInvariant() }],
        });

        Assert.Equal("a", ring.Find("a key")?.Name);
        Assert.Equal("b", ring.Find("b key")?.Name);
        Assert.Null(ring.Find("a ke"));
        Assert.Null(ring.Find(Hash)); // the hash is not a key
    }

    [Fact]
    public void Session_keys_are_one_per_role_and_configured_by_hash_only()
    {
        var keys = SessionApiKeys.Generate();
        var settings = keys.Settings();

        Assert.Equal(3, ApiRoles.All.Select(r => keys[r]).Distinct().Count());
        Assert.DoesNotContain(settings.Values, v => ApiRoles.All.Any(r => v == keys[r]));
        var bound = new ApiOptions { Keys = ApiRoles.All.Select((r, i) => new ApiKeyOptions { Name = settings[$"Api:Keys:{i}:Name"], Role = settings[$"Api:Keys:{i}:Role"], KeyHash = settings[$"Api:Keys:{i}:KeyHash"] }).ToList() };
        Assert.Empty(bound.Validate());
        Assert.All(ApiRoles.All, role => Assert.Equal(role, new ApiKeyRing(bound).Find(keys[role])?.Role));
    }
}
