namespace Fraud.Orleans.Embedded;

/// <summary>What <see cref="DynamoDbFaultProxy"/> does to one request.</summary>
internal enum DynamoDbFault
{
    None,
    Throttle,
    Error,
    Drop,
    Slow,
}
