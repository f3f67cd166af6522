using Fraud.Orleans.Silo.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Fraud.Orleans.Silo.LiveConsole;

/// <summary>
/// The live console: <c>/console</c> and its static files, open like <c>/healthz</c> since they hold no data (the page
/// calls the API with the keys its user enters), and <c>GET /v1/figures</c>, the operator's live figures the charts draw.
/// </summary>
public static class ConsoleEndpoints
{
    /// <summary>
    /// Scripts and styles only from the silo's own files (no inline script, no eval, no inline style), calls only to the
    /// silo, no framing, no form posts, no plugins: a value shown on the page can never run as code.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static IEndpointRouteBuilder MapConsoleEndpoints(this IEndpointRouteBuilder app)
    {
        // The listener starts with the endpoints, so the figures count from the silo's first decision on.
        var figures = app.ServiceProvider.GetRequiredService<DecisionFigures>();
        app.MapGet("/v1/figures", () => Results.Ok(figures.Read())).RequireAuthorization(ApiRoles.Operator);

        var page = ConsoleAssets.Read("console.html");
        app.MapGet("/console", (HttpContext http) => Serve(http, page, ConsoleAssets.MediaTypes["console.html"])).AllowAnonymous();
        foreach (var (name, mediaType) in ConsoleAssets.MediaTypes)
        {
            var bytes = ConsoleAssets.Read(name);
            app.MapGet("/console/" + name, (HttpContext http) => Serve(http, bytes, mediaType)).AllowAnonymous();
        }

        return app;
    }

    private static IResult Serve(HttpContext http, byte[] bytes, string mediaType)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";

        // Small files that change with the silo's build: always revalidated, never stale after an upgrade.
        headers.CacheControl = "no-cache";
        return Results.Bytes(bytes, mediaType);
    }
}
