using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Fraud.Orleans.Storage.DynamoDB;

/// <summary>
/// Makes sure a provider's table exists with the key schema the provider expects: creates it (on-demand
/// capacity) when allowed, waits for it to become active, and fails with a message that says what to fix.
/// </summary>
internal sealed class DynamoDBTableBootstrap(IAmazonDynamoDB client, DynamoDBClientOptions options, DynamoDBRetry retry, TimeProvider time)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Returns true when this call created the table.</summary>
    public async Task<bool> EnsureAsync(IReadOnlyList<(string Name, KeyType Type)> keys, CancellationToken cancellationToken)
    {
        var table = await DescribeAsync(cancellationToken).ConfigureAwait(false);
        var created = false;
        if (table is null)
        {
            if (!options.CreateIfNotExists)
            {
                throw new DynamoDBTableMissingException(options.TableName);
            }

            created = await CreateAsync(keys, cancellationToken).ConfigureAwait(false);
            table = await WaitUntilActiveAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (table.TableStatus != TableStatus.ACTIVE)
        {
            table = await WaitUntilActiveAsync(cancellationToken).ConfigureAwait(false);
        }

        CheckKeySchema(table, keys);
        return created;
    }

    private async Task<bool> CreateAsync(IReadOnlyList<(string Name, KeyType Type)> keys, CancellationToken cancellationToken)
    {
        try
        {
            await retry.RunAsync((_, ct) => client.CreateTableAsync(new CreateTableRequest
            {
                TableName = options.TableName,
                BillingMode = BillingMode.PAY_PER_REQUEST,
                KeySchema = [.. keys.Select(k => new KeySchemaElement(k.Name, k.Type))],
                AttributeDefinitions = [.. keys.Select(k => new AttributeDefinition(k.Name, ScalarAttributeType.S))],
            }, ct), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ResourceInUseException)
        {
            // Another silo created it first.
            return false;
        }
    }

    private async Task<TableDescription?> DescribeAsync(CancellationToken cancellationToken)
    {
        try
        {
            var response = await retry.RunAsync(
                (_, ct) => client.DescribeTableAsync(new DescribeTableRequest { TableName = options.TableName }, ct),
                cancellationToken).ConfigureAwait(false);
            return response.Table;
        }
        catch (ResourceNotFoundException)
        {
            return null;
        }
    }

    private async Task<TableDescription> WaitUntilActiveAsync(CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + options.TableReadyTimeout;
        while (true)
        {
            var table = await DescribeAsync(cancellationToken).ConfigureAwait(false);
            if (table?.TableStatus == TableStatus.ACTIVE)
            {
                return table;
            }

            if (time.GetUtcNow() > deadline)
            {
                throw new TimeoutException(
                    $"DynamoDB table '{options.TableName}' is not active after {options.TableReadyTimeout} (status {table?.TableStatus?.Value ?? "missing"}).");
            }

            await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private void CheckKeySchema(TableDescription table, IReadOnlyList<(string Name, KeyType Type)> keys)
    {
        var actual = table.KeySchema ?? [];
        var matches = actual.Count == keys.Count
            && keys.All(k => actual.Any(a => a.AttributeName == k.Name && a.KeyType == k.Type));
        if (!matches)
        {
            throw new InvalidOperationException(
                $"DynamoDB table '{options.TableName}' has key schema ({Describe(actual.Select(a => (a.AttributeName, a.KeyType)))}); " +
                $"this provider needs ({Describe(keys)}). Use another TableName.");
        }
    }

    private static string Describe(IEnumerable<(string Name, KeyType Type)> keys) =>
        string.Join(", ", keys.Select(k => $"{k.Name} {k.Type.Value}"));
}
