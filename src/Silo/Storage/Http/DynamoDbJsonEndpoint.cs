using System.Net;
using Amazon.Runtime;

namespace Fraud.Orleans.Silo.Storage.Http;

/// <summary>
/// DynamoDB's JSON protocol over HTTP, for the hot path's one call (BatchWriteItem of signals): the caller writes the
/// request body into its own reused buffer, and it goes out as is, signed with SigV4. The AWS SDK builds an object
/// graph per item, marshals it, and buffers it again; on this path that cost about as much CPU as everything else
/// the silo does for a transaction. Everything else (tables, reads, conditional state writes) stays on the SDK.
/// </summary>
public sealed class DynamoDbJsonEndpoint : IDisposable
{
    private const string TargetPrefix = "DynamoDB_20120810.";

    private readonly HttpClient _http;
    private readonly Uri _uri;
    private readonly string _host;
    private readonly AWSCredentials _credentials;
    private readonly SigV4Signer _signer;
    private readonly TimeProvider _time;

    /// <param name="serviceUrl">The endpoint, e.g. https://dynamodb.eu-west-1.amazonaws.com/ or DynamoDB Local's URL.</param>
    /// <param name="credentials">The same credentials the SDK client uses (DynamoDB Local keeps one database per access key and region).</param>
    public DynamoDbJsonEndpoint(Uri serviceUrl, string region, AWSCredentials credentials, int maxConnections, TimeSpan timeout, TimeProvider time)
    {
        _uri = new Uri(serviceUrl, "/");
        _host = _uri.IsDefaultPort ? _uri.Host : $"{_uri.Host}:{_uri.Port}";
        _credentials = credentials;
        _signer = new SigV4Signer(region);
        _time = time;
        _http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnections,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = !_uri.IsLoopback,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        })
        {
            Timeout = timeout,
        };
    }

    /// <summary>Sends one request, for example <c>BatchWriteItem</c>; returns the body of a 2xx answer.</summary>
    /// <exception cref="DynamoDbHttpException">DynamoDB answered with an error.</exception>
    public async Task<byte[]> PostAsync(string operation, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var target = TargetPrefix + operation;
        var credentials = await _credentials.GetCredentialsAsync().ConfigureAwait(false);
        var signed = _signer.Sign(credentials, _time.GetUtcNow().UtcDateTime, _host, target, body.Span);

        using var request = new HttpRequestMessage(HttpMethod.Post, _uri) { Content = new ReadOnlyMemoryContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", SigV4Signer.JsonContentType);
        request.Headers.TryAddWithoutValidation("X-Amz-Content-SHA256", signed.PayloadHash);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", signed.AmzDate);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        if (signed.SecurityToken is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", signed.SecurityToken);
        }

        request.Headers.TryAddWithoutValidation("Authorization", signed.Authorization);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var answer = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode ? answer : throw DynamoDbHttpException.FromResponse(response.StatusCode, answer);
    }

    public void Dispose() => _http.Dispose();
}
