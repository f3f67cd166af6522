using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Fraud.Orleans.Silo.Api;

public static class ApiHostingExtensions
{
    /// <summary>
    /// The API's guards: bearer API keys (<see cref="ApiKeyAuthenticationHandler"/>), a policy per role with the
    /// operator's as the fallback for endpoints naming none, a rate limiter per key, the request body limit, and
    /// RFC 7807 problem details for every error the framework answers by itself (401, 403, 413, malformed JSON).
    /// </summary>
    public static WebApplicationBuilder AddFraudApi(this WebApplicationBuilder builder, ApiOptions api)
    {
        // Kestrel refuses a body over the limit as it is read (413), whether it announced its length or is chunked.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = api.MaxRequestBodyBytes);
        builder.Services.AddSingleton(api);
        builder.Services.AddSingleton<ApiKeyRing>();
        builder.Services.AddProblemDetails();
        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, configureOptions: null);
        var authorization = builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireRole(ApiRoles.Operator).Build());
        foreach (var role in ApiRoles.All)
        {
            authorization.AddPolicy(role, policy => policy.RequireRole(role));
        }

        builder.Services.AddRateLimiter(options => ApiRateLimits.Configure(options, api));
        return builder;
    }

    /// <summary>The guards in order: problem details around everything, then who calls, what they may call, and how often.</summary>
    public static WebApplication UseFraudApi(this WebApplication app)
    {
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }
}
