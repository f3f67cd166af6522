using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Microsoft.Extensions.Logging;

namespace Fraud.Orleans.Storage.DynamoDB;

/// <summary>DynamoDB's throttling, told apart from other transient failures: expected under load, counted rather than logged loudly.</summary>
public static class DynamoDBThrottling
{
    /// <summary>True when DynamoDB throttled the request, also under a wrapper (a grain call's exception).</summary>
    public static bool Is(Exception? failure)
    {
        for (; failure is not null; failure = failure.InnerException)
        {
            if (failure is ProvisionedThroughputExceededException or RequestLimitExceededException
                || (failure is AmazonServiceException service && (service.Retryable?.Throttling == true || service.ErrorCode is "ThrottlingException")))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// How loudly to log a retry: a throttle at Debug (the retry and its backoff are counted in the host's metrics, and
    /// sustained throttling would otherwise write a warning with a stack trace per request), anything else at Warning.
    /// </summary>
    public static LogLevel RetryLogLevel(Exception failure) => Is(failure) ? LogLevel.Debug : LogLevel.Warning;

    /// <summary>
    /// One line for a retried failure: its type and the innermost cause. A retry that succeeds needs no stack trace, and
    /// thousands of checkpoint writes timing out together (a silo stopping) would otherwise flood the log with them.
    /// </summary>
    public static string Summary(Exception failure)
    {
        var cause = failure;
        while (cause.InnerException is not null)
        {
            cause = cause.InnerException;
        }

        return ReferenceEquals(cause, failure)
            ? $"{failure.GetType().Name}: {failure.Message}"
            : $"{failure.GetType().Name}: {failure.Message} ({cause.GetType().Name}: {cause.Message})";
    }
}
