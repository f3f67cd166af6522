using Fraud.Orleans.Embedded;
using Fraud.Orleans.Storage.DynamoDB;

namespace Fraud.Orleans.IntegrationTests.Support;

/// <summary>Points our providers at a DynamoDB Local server.</summary>
internal static class DynamoDbLocalConnection
{
    /// <summary>A table name of its own per test: tables outlive tests on the shared server.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>Sets the endpoint, the server's dummy credentials and the table.</summary>
    public static T Connect<T>(T options, DynamoDbLocal server, string table) where T : DynamoDBClientOptions
    {
        options.ServiceUrl = server.ServiceUrl.ToString();
        options.Region = DynamoDbLocal.Region;
        options.AccessKey = "local";
        options.SecretKey = "local";
        options.TableName = table;
        return options;
    }
}
