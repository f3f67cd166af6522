using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Fraud.Orleans.Silo.Storage;

/// <summary>Creates the silo's tables when absent and waits until they are usable.</summary>
public static class DynamoDbTables
{
    public const string GrainIdAttribute = "grainId";
    public const string TransactionIdAttribute = "transactionId";

    public static async Task EnsureCreatedAsync(IAmazonDynamoDB client, DynamoDbOptions options, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(client, options.StateTable, GrainIdAttribute, cancellationToken).ConfigureAwait(false);
        await EnsureTableAsync(client, options.SignalTable, TransactionIdAttribute, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates a table keyed by one string attribute when absent, and waits until it is active.</summary>
    public static async Task EnsureTableAsync(IAmazonDynamoDB client, string table, string hashKey, CancellationToken cancellationToken)
    {
        try
        {
            await client.CreateTableAsync(new CreateTableRequest
            {
                TableName = table,
                BillingMode = BillingMode.PAY_PER_REQUEST,
                AttributeDefinitions = [new AttributeDefinition(hashKey, ScalarAttributeType.S)],
                KeySchema = [new KeySchemaElement(hashKey, KeyType.HASH)],
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (ResourceInUseException)
        {
            // Created by another silo or an earlier run.
        }

        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var described = await client.DescribeTableAsync(table, cancellationToken).ConfigureAwait(false);
            if (described.Table.TableStatus == TableStatus.ACTIVE)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"DynamoDB table {table} is still {described.Table.TableStatus} after 2 minutes.");
            }

            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }
    }
}
