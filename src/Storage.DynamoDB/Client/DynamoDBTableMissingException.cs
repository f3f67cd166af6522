namespace Fraud.Orleans.Storage.DynamoDB;

/// <summary>A provider's table does not exist and its options forbid creating it.</summary>
public sealed class DynamoDBTableMissingException : Exception
{
    public DynamoDBTableMissingException()
    {
    }

    public DynamoDBTableMissingException(string tableName)
        : base($"DynamoDB table '{tableName}' does not exist and CreateIfNotExists is false: create it, or let the provider create it.")
    {
        TableName = tableName;
    }

    public DynamoDBTableMissingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The missing table.</summary>
    public string? TableName { get; }
}
