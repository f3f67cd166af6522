using System.Net;
using System.Net.Sockets;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace Fraud.Orleans.Storage.DynamoDB;

/// <summary>
/// Failures after which the same request may succeed: DynamoDB's throttling and 5xx errors, a write that met an
/// item inside another transaction, and transport failures (a refused connection while DynamoDB restarts, a
/// time-out while it is overloaded). Conditions that failed, bad requests and missing tables are final.
/// </summary>
internal static class DynamoDBTransientErrors
{
    public static bool IsTransient(Exception exception, CancellationToken callerToken) => exception switch
    {
        ConditionalCheckFailedException or TransactionCanceledException or ResourceNotFoundException => false,
        ProvisionedThroughputExceededException or RequestLimitExceededException or InternalServerErrorException
            or TransactionConflictException => true,
        AmazonServiceException service => service.ErrorCode is "ThrottlingException" or "ServiceUnavailable"
            || (int)service.StatusCode >= 500
            || (service.StatusCode == 0 && IsTransport(service.InnerException)),
        AmazonClientException client => IsTransport(client.InnerException),
        OperationCanceledException => !callerToken.IsCancellationRequested,
        _ => IsTransport(exception),
    };

    private static bool IsTransport(Exception? exception) => exception is HttpRequestException or IOException
        or SocketException or TimeoutException or WebException
        || (exception?.InnerException is { } inner && IsTransport(inner));
}
