using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Fraud.Orleans.Embedded;

/// <summary>
/// An HTTP/1.1 proxy on a loopback port in front of a DynamoDB endpoint (DynamoDB Local), for tests and the bench:
/// a real network hop whose requests it forwards unchanged (Host and signature headers included), except a share,
/// picked by a seeded <see cref="Random"/>, that it throttles, fails with a 500, delays, or drops by closing the
/// connection unanswered (<see cref="DynamoDbFaults"/>, switchable at run time). Counts what it did per kind.
/// </summary>
public sealed class DynamoDbFaultProxy : IAsyncDisposable
{
    private const string JsonContentType = "application/x-amz-json-1.0";

    // Hop-by-hop headers belong to one connection; framing is redone on each side.
    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Content-Length", "Expect", "TE", "Upgrade", "Proxy-Connection",
    };

    private readonly TcpListener _listener;
    private readonly Uri _upstream;
    private readonly HttpClient _client;
    private readonly Random _random;
    private readonly Lock _randomLock = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<TcpClient, Task> _connections = new();
    private readonly Task _accepting;
    private volatile DynamoDbFaults _faults;
    private long _requests;
    private long _throttled;
    private long _errors;
    private long _dropped;
    private long _slowed;

    private DynamoDbFaultProxy(Uri upstream, DynamoDbFaults faults, int seed)
    {
        _upstream = upstream;
        _faults = faults;
        _random = new Random(seed);
        _client = new HttpClient(new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.None, // the body's CRC32 header must still match it
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
        })
        {
            Timeout = TimeSpan.FromMinutes(2), // the caller's own time-out decides; this only bounds a stuck upstream
        };
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        ServiceUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    /// <summary>The proxy's endpoint: give it to a client (or a silo's DynamoDB:ServiceUrl) instead of the upstream's.</summary>
    public Uri ServiceUrl { get; }

    /// <summary>The faults applied to requests from now on; <see cref="DynamoDbFaults.None"/> forwards everything.</summary>
    public DynamoDbFaults Faults
    {
        get => _faults;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            var problems = value.Validate().ToList();
            if (problems.Count > 0)
            {
                throw new ArgumentException(string.Join("; ", problems), nameof(value));
            }

            _faults = value;
        }
    }

    public DynamoDbFaultCounts Counts => new(
        Interlocked.Read(ref _requests), Interlocked.Read(ref _throttled), Interlocked.Read(ref _errors),
        Interlocked.Read(ref _dropped), Interlocked.Read(ref _slowed));

    /// <summary>Listens on a free loopback port and forwards to <paramref name="upstream"/>.</summary>
    public static DynamoDbFaultProxy Start(Uri upstream, DynamoDbFaults? faults = null, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        return new DynamoDbFaultProxy(upstream, DynamoDbFaults.None, seed) { Faults = faults ?? DynamoDbFaults.None };
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        foreach (var connection in _connections.Keys)
        {
            connection.Dispose();
        }

        await Task.WhenAll(_connections.Values.Append(_accepting)).ConfigureAwait(false);
        _client.Dispose();
        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient connection;
            try
            {
                connection = await _listener.AcceptTcpClientAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            connection.NoDelay = true;
            _connections[connection] = Task.Run(() => ServeAsync(connection));
        }
    }

    /// <summary>One client connection, request after request (keep-alive), until either side closes it or a fault drops it.</summary>
    private async Task ServeAsync(TcpClient connection)
    {
        var cancellationToken = _stopping.Token;
        try
        {
            using (connection)
            {
                var stream = connection.GetStream();
                var buffer = new RequestBuffer();
                while (await ProxiedRequest.ReadAsync(stream, buffer, cancellationToken).ConfigureAwait(false) is { } request)
                {
                    Interlocked.Increment(ref _requests);
                    var fault = Decide(request.Operation, out var slowDelay);
                    switch (fault)
                    {
                        case DynamoDbFault.Drop:
                            Interlocked.Increment(ref _dropped);
                            return;
                        case DynamoDbFault.Throttle:
                            Interlocked.Increment(ref _throttled);
                            await WriteErrorAsync(stream, HttpStatusCode.BadRequest, "ProvisionedThroughputExceededException",
                                "The level of configured provisioned throughput for the table was exceeded (injected)", cancellationToken).ConfigureAwait(false);
                            continue;
                        case DynamoDbFault.Error:
                            Interlocked.Increment(ref _errors);
                            await WriteErrorAsync(stream, HttpStatusCode.InternalServerError, "InternalServerError",
                                "Internal server error (injected)", cancellationToken).ConfigureAwait(false);
                            continue;
                        case DynamoDbFault.Slow:
                            Interlocked.Increment(ref _slowed);
                            await Task.Delay(slowDelay, cancellationToken).ConfigureAwait(false);
                            break;
                    }

                    await ForwardAsync(request, stream, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException
            or InvalidDataException or HttpRequestException)
        {
            // The client went away, the upstream failed, or the proxy stops: the connection closes unanswered,
            // which the client sees as a transport failure, as it would with a real network hop.
        }
        finally
        {
            _connections.TryRemove(connection, out _);
        }
    }

    private DynamoDbFault Decide(string? operation, out TimeSpan slowDelay)
    {
        var faults = _faults;
        slowDelay = faults.SlowDelay;
        if (!faults.Any || !faults.Applies(operation))
        {
            return DynamoDbFault.None;
        }

        lock (_randomLock)
        {
            return faults.Pick(_random.NextDouble());
        }
    }

    private async Task ForwardAsync(ProxiedRequest request, Stream client, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(_upstream, request.Target))
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(request.Body),
        };
        foreach (var (name, value) in request.Headers.Where(h => !NotForwarded.Contains(h.Name)))
        {
            if (string.Equals(name, "Host", StringComparison.OrdinalIgnoreCase))
            {
                message.Headers.Host = value; // signed by the client: keep it as it was sent
            }
            else if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                message.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await _client.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var headers = response.Headers.Concat(response.Content.Headers)
            .Where(h => !NotForwarded.Contains(h.Key))
            .Select(h => (h.Key, string.Join(", ", h.Value)));
        await WriteResponseAsync(client, response.StatusCode, response.ReasonPhrase, headers, body, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An error as DynamoDB sends it: the SDK maps <c>__type</c>'s name after '#' to its exception type.</summary>
    private static Task WriteErrorAsync(Stream client, HttpStatusCode status, string type, string message, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes($"{{\"__type\":\"com.amazonaws.dynamodb.v20120810#{type}\",\"message\":\"{message}\"}}");
        (string, string)[] headers = [("Content-Type", JsonContentType), ("x-amzn-RequestId", Guid.NewGuid().ToString("N"))];
        return WriteResponseAsync(client, status, null, headers, body, cancellationToken);
    }

    private static async Task WriteResponseAsync(
        Stream client, HttpStatusCode status, string? reason, IEnumerable<(string Name, string Value)> headers, byte[] body, CancellationToken cancellationToken)
    {
        var head = new StringBuilder(256);
        head.Append("HTTP/1.1 ").Append((int)status).Append(' ').Append(reason ?? status.ToString()).Append("\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        head.Append("Content-Length: ").Append(body.Length).Append("\r\n\r\n");
        await client.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), cancellationToken).ConfigureAwait(false);
        await client.WriteAsync(body, cancellationToken).ConfigureAwait(false);
    }
}
