using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace Fraud.Orleans.Silo.Storage;

public static class DynamoDbClientFactory
{
    /// <summary>A client for AWS (default credential chain) or, with a service URL, for that endpoint (DynamoDB Local).</summary>
    public static IAmazonDynamoDB Create(DynamoDbOptions options) => new AmazonDynamoDBClient(Credentials(options), Config(options));

    /// <summary>AWS's default credential chain; a fixed pair for a local endpoint, which keeps one database per access key.</summary>
    private static AWSCredentials Credentials(DynamoDbOptions options) =>
        options.UsesAws ? DefaultAWSCredentialsIdentityResolver.GetCredentials(Config(options)) : new BasicAWSCredentials("local", "local");

    private static AmazonDynamoDBConfig Config(DynamoDbOptions options)
    {
        var config = new AmazonDynamoDBConfig
        {
            Timeout = options.RequestTimeout,
            MaxErrorRetry = 0, // we retry ourselves, with our own backoff and without giving up on durability

            // Nor a connection closed under a request ("stale"): the SDK would send it again at once, uncounted.
            MaxStaleConnectionRetries = 0,
        };
        if (options.UsesAws)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }
        else
        {
            config.ServiceURL = options.ServiceUrl;
            config.AuthenticationRegion = options.Region;
        }

        return config;
    }
}
