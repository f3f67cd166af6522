using Microsoft.Extensions.Configuration;

namespace Fraud.Orleans.Silo.Api;

/// <summary>Who may call the silo's HTTP API (keys and their roles), how much, and how big a request may be.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>The API keys (<c>Api:Keys:0:Name</c>, <c>:Role</c>, <c>:KeyHash</c>); a silo without any refuses to start.</summary>
    public List<ApiKeyOptions> Keys { get; set; } = [];

    /// <summary>Largest request body in bytes (a transaction is about 150); a bigger one is refused with 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 16 * 1024;

    /// <summary>The window a key's request permits refill in (fixed windows; a key over its permits gets 429 until the next).</summary>
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Requests per window of a scorer key (the payments path: each is one synchronous score).</summary>
    public int ScorerPermitsPerWindow { get; set; } = 2000;

    /// <summary>Requests per window of an analyst key.</summary>
    public int AnalystPermitsPerWindow { get; set; } = 50;

    /// <summary>Requests per window of an operator key (a scraper, a dashboard polling a few endpoints every second).</summary>
    public int OperatorPermitsPerWindow { get; set; } = 50;

    public static ApiOptions Bind(IConfiguration configuration) => configuration.GetSection(Section).Get<ApiOptions>() ?? new();

    /// <summary>The requests per window of <paramref name="key"/>: its own limit, else its role's.</summary>
    public int PermitsOf(ApiKeyOptions key) => key.PermitsPerWindow ?? key.Role switch
    {
        ApiRoles.Scorer => ScorerPermitsPerWindow,
        ApiRoles.Analyst => AnalystPermitsPerWindow,
        _ => OperatorPermitsPerWindow,
    };

    public IEnumerable<string> Validate()
    {
        if (Keys.Count == 0)
        {
            yield return $"{Section}:{nameof(Keys)} is empty: the API serves only callers with a key. Configure at least one " +
                $"({Section}:{nameof(Keys)}:0:{nameof(ApiKeyOptions.Name)}, :{nameof(ApiKeyOptions.Role)} {string.Join("|", ApiRoles.All)}, " +
                $":{nameof(ApiKeyOptions.KeyHash)} = SHA-256 hex of the key); `./fraud silo` on embedded infrastructure generates keys for its session";
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var hashes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Keys.Count; i++)
        {
            var key = Keys[i];
            var at = $"{Section}:{nameof(Keys)}:{i}";
            if (string.IsNullOrWhiteSpace(key.Name))
            {
                yield return $"{at}:{nameof(ApiKeyOptions.Name)} is empty";
            }
            else if (!names.Add(key.Name))
            {
                yield return $"{at}:{nameof(ApiKeyOptions.Name)} '{key.Name}' is used by another key";
            }

            if (string.IsNullOrWhiteSpace(key.Role))
            {
                yield return $"{at}:{nameof(ApiKeyOptions.Role)} is empty ({string.Join(", ", ApiRoles.All)})";
            }
            else if (!ApiRoles.IsKnown(key.Role))
            {
                yield return $"{at}:{nameof(ApiKeyOptions.Role)} '{key.Role}' is not one of {string.Join(", ", ApiRoles.All)}";
            }

            if (!ApiKeyHash.TryParse(key.KeyHash, out _))
            {
                yield return $"{at}:{nameof(ApiKeyOptions.KeyHash)} must be the key's SHA-256 as {ApiKeyHash.HexLength} hex digits (not the key itself)";
            }
            else if (!hashes.Add(key.KeyHash!))
            {
                yield return $"{at}:{nameof(ApiKeyOptions.KeyHash)} is another key's: one key, one name and role";
            }

            if (key.PermitsPerWindow is < 1)
            {
                yield return $"{at}:{nameof(ApiKeyOptions.PermitsPerWindow)} must be at least 1";
            }
        }

        if (MaxRequestBodyBytes is < 1024 or > 1024 * 1024)
        {
            yield return $"{Section}:{nameof(MaxRequestBodyBytes)} must be 1 KB..1 MB";
        }

        if (RateLimitWindow < TimeSpan.FromMilliseconds(100) || RateLimitWindow > TimeSpan.FromHours(1))
        {
            yield return $"{Section}:{nameof(RateLimitWindow)} must be 100 ms..1 hour";
        }

        if (ScorerPermitsPerWindow < 1 || AnalystPermitsPerWindow < 1 || OperatorPermitsPerWindow < 1)
        {
            yield return $"{Section}: {nameof(ScorerPermitsPerWindow)}, {nameof(AnalystPermitsPerWindow)} and {nameof(OperatorPermitsPerWindow)} must be at least 1";
        }
    }
}
