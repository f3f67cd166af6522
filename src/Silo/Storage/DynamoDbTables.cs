using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Fraud.Orleans.Silo.Reviews;

namespace Fraud.Orleans.Silo.Storage;

/// <summary>Creates the silo's tables when absent and waits until they are usable.</summary>
public static class DynamoDbTables
{
    public const string GrainIdAttribute = Fraud.Orleans.Storage.DynamoDB.DynamoDBGrainStorage.IdAttribute;
    public const string TransactionIdAttribute = "transactionId";

    public static async Task EnsureCreatedAsync(IAmazonDynamoDB client, DynamoDbOptions options, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(client, options.StateTable, GrainIdAttribute, cancellationToken).ConfigureAwait(false);
        await EnsureTableAsync(client, options.SignalTable, TransactionIdAttribute, cancellationToken).ConfigureAwait(false);
        await EnsureTableAsync(client, ReviewItems.CreateTableRequest(options.ReviewTable), cancellationToken).ConfigureAwait(false);
        await EnsureTableAsync(client, options.LabelTable, TransactionIdAttribute, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates a table keyed by one string attribute when absent, and waits until it is active.</summary>
    public static Task EnsureTableAsync(IAmazonDynamoDB client, string table, string hashKey, CancellationToken cancellationToken) =>
        EnsureTableAsync(client, new CreateTableRequest
        {
            TableName = table,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition(hashKey, ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement(hashKey, KeyType.HASH)],
        }, cancellationToken);

    /// <summary>
    /// Creates the table <paramref name="create"/> describes when absent, and waits until it is active. A request that fails
    /// transiently (an overloaded DynamoDB Local not answering within the request timeout) is sent again until the
    /// two-minute deadline: a silo should not fail to start on one slow answer.
    /// </summary>
    public static async Task EnsureTableAsync(IAmazonDynamoDB client, CreateTableRequest create, CancellationToken cancellationToken)
    {
        var table = create.TableName;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        await UntilDeadline(deadline, async () =>
        {
            try
            {
                await client.CreateTableAsync(create, cancellationToken).ConfigureAwait(false);
            }
            catch (ResourceInUseException)
            {
                // Created by another silo, an earlier run, or our own earlier attempt whose answer was lost.
            }
        }, cancellationToken).ConfigureAwait(false);

        while (true)
        {
            var status = TableStatus.CREATING;
            await UntilDeadline(deadline, async () =>
                status = (await client.DescribeTableAsync(table, cancellationToken).ConfigureAwait(false)).Table.TableStatus, cancellationToken).ConfigureAwait(false);
            if (status == TableStatus.ACTIVE)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"DynamoDB table {table} is still {status} after 2 minutes.");
            }

            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task UntilDeadline(DateTime deadline, Func<Task> call, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await call().ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (TransientStorageErrors.Match(ex) && !cancellationToken.IsCancellationRequested && DateTime.UtcNow < deadline
                                       && ex is not ResourceNotFoundException)
            {
                await Task.Delay(500, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
