using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;

namespace Fraud.Orleans.Storage.DynamoDB;

/// <summary>Builds the SDK client a provider uses from its options.</summary>
internal static class DynamoDBClientFactory
{
    public static IAmazonDynamoDB Create(DynamoDBClientOptions options)
    {
        var config = new AmazonDynamoDBConfig
        {
            Timeout = options.RequestTimeout,
            // Our DynamoDBRetry is the only retry layer: the SDK's own would multiply attempts and hide delays.
            MaxErrorRetry = 0,
            MaxStaleConnectionRetries = 0, // nor a connection closed under a request: sent again at once, uncounted
        };

        if (!string.IsNullOrWhiteSpace(options.ServiceUrl))
        {
            config.ServiceURL = options.ServiceUrl;
            config.AuthenticationRegion = options.Region ?? "us-east-1";
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }

        return string.IsNullOrEmpty(options.AccessKey)
            ? new AmazonDynamoDBClient(config)
            : new AmazonDynamoDBClient(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }
}
