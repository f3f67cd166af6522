using System.Text;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Fraud.Orleans.Silo.Storage.Http;

namespace Fraud.Orleans.Tests.Storage;

/// <summary>Our SigV4 signature of a DynamoDB JSON request equals the AWS SDK's own signer's, byte for byte.</summary>
public sealed class SigV4SignerTests
{
    private static readonly DateTime SignedAt = new(2026, 12, 1, 3, 14, 15, DateTimeKind.Utc);

    [Theory]
    [InlineData("https://dynamodb.eu-west-1.amazonaws.com/", "eu-west-1", null)]
    [InlineData("http://127.0.0.1:44123/", "us-east-1", null)]
    [InlineData("https://dynamodb.us-east-2.amazonaws.com/", "us-east-2", "FwoGZXIvYXdzEJr//////////wEaDNpOLQ+session+token")]
    public void Authorization_equals_the_sdk_signers(string url, string region, string? token)
    {
        var credentials = token is null
            ? new ImmutableCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null)
            : new ImmutableCredentials("ASIAEXAMPLE", "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY", token);
        var body = Encoding.UTF8.GetBytes("""{"RequestItems":{"fraud-signals":[{"PutRequest":{"Item":{"transactionId":{"S":"42"}}}}]}}""");
        var uri = new Uri(url);
        var host = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}";

        var ours = new SigV4Signer(region).Sign(credentials, SignedAt, host, "DynamoDB_20120810.BatchWriteItem", body);

        Assert.Equal(SdkAuthorization(uri, region, credentials, body), ours.Authorization);
        Assert.Equal("20261201T031415Z", ours.AmzDate);
        Assert.Equal(token, ours.SecurityToken);
    }

    [Fact]
    public void A_different_body_or_day_changes_the_signature()
    {
        var credentials = new ImmutableCredentials("AKIDEXAMPLE", "secret", null);
        var signer = new SigV4Signer("us-east-1");
        var a = signer.Sign(credentials, SignedAt, "h", "T", "{}"u8);
        var b = signer.Sign(credentials, SignedAt, "h", "T", "{ }"u8);
        var c = signer.Sign(credentials, SignedAt.AddDays(1), "h", "T", "{}"u8);

        Assert.NotEqual(a.Authorization, b.Authorization);
        Assert.NotEqual(a.Authorization, c.Authorization);
        Assert.Equal(a.Authorization, signer.Sign(credentials, SignedAt, "h", "T", "{}"u8).Authorization);
    }

    /// <summary>The SDK's signer over the same request, headers as our endpoint sends them.</summary>
    private static string SdkAuthorization(Uri uri, string region, ImmutableCredentials credentials, byte[] body)
    {
        var config = new AmazonDynamoDBConfig { ServiceURL = uri.ToString(), AuthenticationRegion = region };
        var request = new DefaultRequest(new AmazonWebServiceRequestStub(), "AmazonDynamoDBv2")
        {
            HttpMethod = "POST",
            Endpoint = uri,
            ResourcePath = "/",
            Content = body,
            AuthenticationRegion = region,
        };
        request.Headers["Content-Type"] = SigV4Signer.JsonContentType;
        request.Headers["X-Amz-Target"] = "DynamoDB_20120810.BatchWriteItem";
        if (credentials.UseToken)
        {
            request.Headers["X-Amz-Security-Token"] = credentials.Token;
        }

        var result = new AWS4Signer().SignRequest(request, config, null, credentials.AccessKey, credentials.SecretKey, SignedAt);
        return result.ForAuthorizationHeader;
    }

    private sealed class AmazonWebServiceRequestStub : AmazonWebServiceRequest;
}
