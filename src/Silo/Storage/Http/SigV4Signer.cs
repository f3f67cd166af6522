using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;

namespace Fraud.Orleans.Silo.Storage.Http;

/// <summary>
/// AWS Signature Version 4 for DynamoDB's JSON protocol: a POST to "/" with a JSON body and the content type, host,
/// payload hash, date, target (and session token) headers signed, as the AWS SDK signs them. The signing key depends only on the secret and the day, so it is
/// derived once a day; a request then costs two SHA-256 digests and one HMAC.
/// </summary>
public sealed class SigV4Signer(string region, string service = SigV4Signer.DynamoDbService)
{
    public const string DynamoDbService = "dynamodb";
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string JsonContentType = "application/x-amz-json-1.0";

    private SigningKey? _key;

    /// <summary>The headers that make the request signed, for a body of <paramref name="payload"/> sent to <paramref name="host"/> at <paramref name="utc"/>.</summary>
    public SignedRequest Sign(ImmutableCredentials credentials, DateTime utc, string host, string target, ReadOnlySpan<byte> payload)
    {
        var amzDate = utc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var day = amzDate[..8];
        var token = credentials.UseToken ? credentials.Token : null;
        var signedHeaders = token is null
            ? "content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target"
            : "content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token;x-amz-target";
        var payloadHash = Hex(SHA256.HashData(payload));

        var canonical = new StringBuilder(256 + (token?.Length ?? 0))
            .Append("POST\n/\n\n")
            .Append("content-type:").Append(JsonContentType).Append('\n')
            .Append("host:").Append(host).Append('\n')
            .Append("x-amz-content-sha256:").Append(payloadHash).Append('\n')
            .Append("x-amz-date:").Append(amzDate).Append('\n');
        if (token is not null)
        {
            canonical.Append("x-amz-security-token:").Append(token).Append('\n');
        }

        canonical.Append("x-amz-target:").Append(target).Append('\n')
            .Append('\n').Append(signedHeaders).Append('\n')
            .Append(payloadHash);

        var scope = $"{day}/{region}/{service}/aws4_request";
        var stringToSign = $"{Algorithm}\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())))}";
        var signature = Hex(HMACSHA256.HashData(KeyFor(credentials.SecretKey, day), Encoding.UTF8.GetBytes(stringToSign)));
        return new SignedRequest(
            amzDate, payloadHash, token, $"{Algorithm} Credential={credentials.AccessKey}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}");
    }

    private byte[] KeyFor(string secret, string day)
    {
        var key = Volatile.Read(ref _key);
        if (key is not null && key.Day == day && key.Secret == secret)
        {
            return key.Key;
        }

        var derived = Hmac(Encoding.UTF8.GetBytes("AWS4" + secret), day);
        derived = Hmac(derived, region);
        derived = Hmac(derived, service);
        derived = Hmac(derived, "aws4_request");
        Volatile.Write(ref _key, new SigningKey(secret, day, derived));
        return derived;
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    private sealed record SigningKey(string Secret, string Day, byte[] Key);
}

/// <summary>The values of the headers a signed request carries besides its content type and host.</summary>
public readonly record struct SignedRequest(string AmzDate, string PayloadHash, string? SecurityToken, string Authorization);
