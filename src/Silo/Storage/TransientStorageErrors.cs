using System.Net.Sockets;
using Amazon.Runtime;

namespace Fraud.Orleans.Silo.Storage;

/// <summary>
/// Failures after which a DynamoDB request may succeed if sent again: the service's own errors (throttling,
/// 5xx), and the transport's (refused connection while DynamoDB restarts, time-outs while it is overloaded).
/// The AWS client reports a time-out as <see cref="TimeoutException"/>, not as one of its own exceptions.
/// </summary>
public static class TransientStorageErrors
{
    public static bool Match(Exception ex) => ex is AmazonServiceException or AmazonClientException
        or HttpRequestException or IOException or SocketException or TimeoutException or OperationCanceledException;
}
