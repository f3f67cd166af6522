using Orleans;

namespace Fraud.Orleans.Storage.DynamoDB;

/// <summary>How a provider reaches DynamoDB and treats its table; shared by grain storage and clustering.</summary>
public abstract class DynamoDBClientOptions
{
    /// <summary>Endpoint such as http://127.0.0.1:8000 for DynamoDB Local; <c>null</c> uses <see cref="Region"/>'s endpoint.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>AWS region (e.g. eu-west-1); with <see cref="ServiceUrl"/> it is only the signing region.</summary>
    public string? Region { get; set; }

    /// <summary>Access key; <c>null</c> uses the SDK's default credential chain (environment, profile, instance role).</summary>
    [Redact]
    public string? AccessKey { get; set; }

    /// <summary>Secret key, required with <see cref="AccessKey"/>.</summary>
    [Redact]
    public string? SecretKey { get; set; }

    /// <summary>The table's name; several services or clusters may share one table.</summary>
    public string TableName { get; set; } = "";

    /// <summary>Create the table (on-demand capacity) at start-up when it does not exist; otherwise start-up fails.</summary>
    public bool CreateIfNotExists { get; set; } = true;

    /// <summary>Time-out of one HTTP request to DynamoDB.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Attempts per operation (1 = no retry) when DynamoDB throttles or fails transiently.</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>Delay before the first retry; it doubles (with jitter) up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Longest delay between two attempts.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long table creation at start-up may wait for the table to become active.</summary>
    public TimeSpan TableReadyTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
