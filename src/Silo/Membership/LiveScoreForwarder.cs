using System.Net;

namespace Fraud.Orleans.Silo.Membership;

/// <summary>Asks the silo that owns a card for its live score, over the same HTTP API the payments service uses.</summary>
public sealed class LiveScoreForwarder : IDisposable
{
    /// <summary>Marks a forwarded request: its receiver answers from its own grains or says it is not the owner, never forwards again.</summary>
    public const string ForwardedHeader = "X-Fraud-Forwarded-By";

    /// <summary>Names the silo whose grain answered, so callers (and tests) can see where a card lives.</summary>
    public const string AnsweredByHeader = "X-Fraud-Answered-By";

    private readonly HttpClient _http;

    public LiveScoreForwarder(MembershipOptions options)
    {
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = options.ForwardTimeout };
    }

    public async Task<(HttpStatusCode Status, string Body, string? AnsweredBy)> GetAsync(Uri owner, string cardId, string forwardedBy, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(owner, $"/v1/cards/{Uri.EscapeDataString(cardId)}"));
        request.Headers.Add(ForwardedHeader, forwardedBy);
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var answeredBy = response.Headers.TryGetValues(AnsweredByHeader, out var values) ? values.FirstOrDefault() : null;
        return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false), answeredBy);
    }

    public void Dispose() => _http.Dispose();
}
