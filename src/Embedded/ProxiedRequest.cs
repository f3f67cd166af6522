using System.Text;

namespace Fraud.Orleans.Embedded;

/// <summary>One HTTP/1.1 request as read off a client connection: request line, headers in order, body.</summary>
internal sealed record ProxiedRequest(string Method, string Target, IReadOnlyList<(string Name, string Value)> Headers, byte[] Body)
{
    /// <summary>The DynamoDB operation, from <c>X-Amz-Target: DynamoDB_20120810.PutItem</c>.</summary>
    public string? Operation => Header("X-Amz-Target") is { } target ? target[(target.LastIndexOf('.') + 1)..] : null;

    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>
    /// Reads the next request of a keep-alive connection; null when the client closed it between requests.
    /// Bodies must have a Content-Length (the AWS SDK always sends one); "Expect: 100-continue" is answered.
    /// </summary>
    public static async Task<ProxiedRequest?> ReadAsync(Stream stream, RequestBuffer buffer, CancellationToken cancellationToken)
    {
        var headEnd = await buffer.FillUntilAsync(stream, "\r\n\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        if (headEnd < 0)
        {
            return null;
        }

        var lines = Encoding.ASCII.GetString(buffer.Take(headEnd + 4)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3)
        {
            throw new InvalidDataException($"Not an HTTP request line: '{lines[0]}'");
        }

        var headers = lines.Skip(1).Select(line =>
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 ? (line[..colon].Trim(), line[(colon + 1)..].Trim()) : throw new InvalidDataException($"Not a header: '{line}'");
        }).ToList();
        var request = new ProxiedRequest(requestLine[0], requestLine[1], headers, []);
        if (request.Header("Transfer-Encoding") is not null)
        {
            throw new InvalidDataException("Chunked request bodies are not supported");
        }

        if (string.Equals(request.Header("Expect"), "100-continue", StringComparison.OrdinalIgnoreCase))
        {
            await stream.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        }

        var length = request.Header("Content-Length") is { } value ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var body = await buffer.ReadExactlyAsync(stream, length, cancellationToken).ConfigureAwait(false);
        return body is null ? null : request with { Body = body };
    }
}
