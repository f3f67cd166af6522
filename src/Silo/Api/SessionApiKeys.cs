using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fraud.Orleans.Silo.Api;

/// <summary>
/// Keys made up for one development session, one per role, for silos the CLI and the tests run on embedded
/// infrastructure: they exist only in this process (configured by their hashes like any other key) and die with
/// it. The production silo never makes them: without <c>Api:Keys</c> it refuses to start.
/// </summary>
public sealed class SessionApiKeys
{
    private readonly Dictionary<string, string> _byRole;

    private SessionApiKeys(Dictionary<string, string> byRole) => _byRole = byRole;

    /// <summary>The key of <paramref name="role"/> (<see cref="ApiRoles"/>).</summary>
    public string this[string role] => _byRole[role];

    public static SessionApiKeys Generate() =>
        new(ApiRoles.All.ToDictionary(role => role, role => $"dev-{role}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24))}"));

    /// <summary>
    /// Unless the configuration already has <c>Api:Keys</c>, generates session keys, configures their hashes and registers
    /// them as a service (<c>SiloHost.SessionKeys</c>); call it from <c>SiloHost.StartAsync</c>'s configure callback.
    /// </summary>
    /// <returns>The generated keys, or null when keys were configured.</returns>
    public static SessionApiKeys? AddIfNoneConfigured(WebApplicationBuilder builder)
    {
        if (builder.Configuration.GetSection($"{ApiOptions.Section}:{nameof(ApiOptions.Keys)}").GetChildren().Any())
        {
            return null;
        }

        var keys = Generate();
        builder.Configuration.AddInMemoryCollection(keys.Settings());
        builder.Services.AddSingleton(keys);
        return keys;
    }

    /// <summary>The configuration of these keys: names <c>session-ROLE</c>, hashes only.</summary>
    public Dictionary<string, string?> Settings()
    {
        var settings = new Dictionary<string, string?>();
        var i = 0;
        foreach (var (role, key) in _byRole)
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"{ApiOptions.Section}:{nameof(ApiOptions.Keys)}:{i++}:");
            settings[at + nameof(ApiKeyOptions.Name)] = $"session-{role}";
            settings[at + nameof(ApiKeyOptions.Role)] = role;
            settings[at + nameof(ApiKeyOptions.KeyHash)] = ApiKeyHash.HexOf(key);
        }

        return settings;
    }

    /// <summary>What a development command prints so that its user can call the API of the silo at <paramref name="address"/>.</summary>
    public IEnumerable<string> Describe(Uri address)
    {
        var baseUrl = address.ToString().TrimEnd('/');
        yield return "API keys for this session (send as 'Authorization: Bearer <key>'):";
        yield return $"  scorer    {this[ApiRoles.Scorer]}  POST /v1/score, GET /v1/cards/{{cardId}}";
        yield return $"  analyst   {this[ApiRoles.Analyst]}  reviews and labels";
        yield return $"  operator  {this[ApiRoles.Operator]}  GET /v1/silo, /v1/figures, /metrics, /dashboard";
        yield return $"  e.g. curl -H 'Authorization: Bearer {this[ApiRoles.Operator]}' {baseUrl}/v1/silo";
    }
}
