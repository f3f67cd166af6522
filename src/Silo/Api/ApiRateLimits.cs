using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace Fraud.Orleans.Silo.Api;

/// <summary>
/// One fixed-window limiter per API key (partitioned by the authenticated key's name), so one noisy caller cannot
/// starve the others; a request over its key's permits gets 429 with <c>Retry-After</c>. Anonymous requests
/// (<c>/healthz</c>) are not limited: the authorization middleware in front has already refused every other one.
/// </summary>
internal static class ApiRateLimits
{
    public static void Configure(RateLimiterOptions options, ApiOptions api)
    {
        var permits = api.Keys.Where(k => k.Name is not null).ToDictionary(k => k.Name!, api.PermitsOf, StringComparer.Ordinal);
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            context.User.Identity is { IsAuthenticated: true, Name: { } name } && permits.TryGetValue(name, out var limit)
                ? RateLimitPartition.GetFixedWindowLimiter(name, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limit,
                    Window = api.RateLimitWindow,
                    QueueLimit = 0,
                })
                : RateLimitPartition.GetNoLimiter(string.Empty));
        options.OnRejected = async (rejected, cancellationToken) =>
        {
            var http = rejected.HttpContext;
            var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : api.RateLimitWindow;
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            var name = http.User.Identity?.Name;
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = "Too Many Requests",
                    Detail = $"API key '{name}' is over its {(name is null ? 0 : permits[name])} requests per {api.RateLimitWindow}; retry after {seconds} s",
                },
            }).ConfigureAwait(false);
        };
    }
}
