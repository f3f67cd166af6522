namespace Fraud.Orleans.Silo.Api;

/// <summary>
/// What an API key may call; each role is also the name of the authorization policy its endpoints require.
/// An endpoint that names no policy gets <see cref="Operator"/>'s (the fallback): a new endpoint is closed until it says otherwise.
/// </summary>
public static class ApiRoles
{
    /// <summary>The payments path: <c>POST /v1/score</c> and <c>GET /v1/cards/{cardId}</c>.</summary>
    public const string Scorer = "scorer";

    /// <summary>Fraud analysts: reviews and labels (their endpoints attach this policy).</summary>
    public const string Analyst = "analyst";

    /// <summary>Whoever runs the service: <c>/v1/silo</c>, <c>/v1/figures</c>, <c>/metrics</c>, <c>/dashboard</c> and any endpoint without a policy of its own.</summary>
    public const string Operator = "operator";

    public static readonly IReadOnlyList<string> All = [Scorer, Analyst, Operator];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role, StringComparer.Ordinal);
}
