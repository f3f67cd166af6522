namespace Fraud.Orleans.Embedded;

/// <summary>DynamoDB Local could not be started; the message carries the tail of its output.</summary>
public sealed class DynamoDbLocalException : Exception
{
    public DynamoDbLocalException()
    {
    }

    public DynamoDbLocalException(string message)
        : base(message)
    {
    }

    public DynamoDbLocalException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
