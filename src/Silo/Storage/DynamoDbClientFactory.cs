using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;

namespace Fraud.Orleans.Silo.Storage;

public static class DynamoDbClientFactory
{
    /// <summary>A client for AWS (default credential chain) or, with a service URL, for that endpoint (DynamoDB Local).</summary>
    public static IAmazonDynamoDB Create(DynamoDbOptions options)
    {
        var config = new AmazonDynamoDBConfig
        {
            Timeout = options.RequestTimeout,
            MaxErrorRetry = 0, // we retry ourselves, with our own backoff and without giving up on durability
        };
        if (options.UsesAws)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
            return new AmazonDynamoDBClient(config);
        }

        config.ServiceURL = options.ServiceUrl;
        config.AuthenticationRegion = options.Region;
        return new AmazonDynamoDBClient(new BasicAWSCredentials("local", "local"), config);
    }
}
