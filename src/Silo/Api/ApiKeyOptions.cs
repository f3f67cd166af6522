namespace Fraud.Orleans.Silo.Api;

/// <summary>One API key (<c>Api:Keys:N</c>): who holds it, what it may call, and its hash (never the key itself).</summary>
public sealed class ApiKeyOptions
{
    /// <summary>Who holds the key (unique); the rate limiter's partition and the authenticated caller's name.</summary>
    public string? Name { get; set; }

    /// <summary>scorer, analyst or operator (<see cref="ApiRoles"/>).</summary>
    public string? Role { get; set; }

    /// <summary>SHA-256 of the key as 64 hex digits (<c>printf %s "$KEY" | sha256sum</c>): a leaked configuration leaks no key.</summary>
    public string? KeyHash { get; set; }

    /// <summary>Requests this key may make per <see cref="ApiOptions.RateLimitWindow"/>; unset: its role's limit.</summary>
    public int? PermitsPerWindow { get; set; }
}
