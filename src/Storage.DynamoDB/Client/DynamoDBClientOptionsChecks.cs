using System.Text.RegularExpressions;

namespace Fraud.Orleans.Storage.DynamoDB;

/// <summary>The checks every provider's validator runs on the settings it shares; failures are collected, not thrown.</summary>
internal static partial class DynamoDBClientOptionsChecks
{
    public static void Check(DynamoDBClientOptions options, ICollection<string> failures)
    {
        if (!TableNamePattern().IsMatch(options.TableName))
        {
            failures.Add($"TableName '{options.TableName}' must be 3-255 characters of a-z, A-Z, 0-9, '_', '-' and '.'.");
        }

        if (options.ServiceUrl is not null && !Uri.TryCreate(options.ServiceUrl, UriKind.Absolute, out _))
        {
            failures.Add($"ServiceUrl '{options.ServiceUrl}' is not an absolute URL.");
        }

        if (string.IsNullOrWhiteSpace(options.ServiceUrl) && string.IsNullOrWhiteSpace(options.Region))
        {
            failures.Add("Either ServiceUrl or Region must be set.");
        }

        if (string.IsNullOrEmpty(options.AccessKey) != string.IsNullOrEmpty(options.SecretKey))
        {
            failures.Add("AccessKey and SecretKey must be set together (or neither, for the default credential chain).");
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            failures.Add($"RequestTimeout must be positive (is {options.RequestTimeout}).");
        }

        if (options.MaxAttempts < 1)
        {
            failures.Add($"MaxAttempts must be at least 1 (is {options.MaxAttempts}).");
        }

        if (options.FirstRetryDelay < TimeSpan.Zero || options.MaxRetryDelay < options.FirstRetryDelay)
        {
            failures.Add($"Retry delays must satisfy 0 <= FirstRetryDelay ({options.FirstRetryDelay}) <= MaxRetryDelay ({options.MaxRetryDelay}).");
        }

        if (options.TableReadyTimeout <= TimeSpan.Zero)
        {
            failures.Add($"TableReadyTimeout must be positive (is {options.TableReadyTimeout}).");
        }
    }

    [GeneratedRegex("^[a-zA-Z0-9_.-]{3,255}$")]
    private static partial Regex TableNamePattern();
}
