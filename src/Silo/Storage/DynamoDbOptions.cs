namespace Fraud.Orleans.Silo.Storage;

/// <summary>Where grain state and fraud signals are kept, and how hard the silo may push DynamoDB.</summary>
public sealed class DynamoDbOptions
{
    public const string Section = "DynamoDB";

    public const string Aws = "aws";

    /// <summary>Endpoint such as http://127.0.0.1:8000 (DynamoDB Local), or "aws" for AWS in <see cref="Region"/>. Required.</summary>
    public string? ServiceUrl { get; set; }

    public bool UsesAws => string.Equals(ServiceUrl, Aws, StringComparison.OrdinalIgnoreCase);

    /// <summary>AWS region (also signs requests to a local endpoint).</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>Table holding one item per grain: key, ETag, state bytes.</summary>
    public string StateTable { get; set; } = "fraud-grain-state";

    /// <summary>Table holding one item per transaction, keyed by transaction id: the signal the API reads.</summary>
    public string SignalTable { get; set; } = "fraud-signals";

    /// <summary>
    /// Table of review cases: one item per transaction decided REVIEW or BLOCK, keyed by transaction id, with indexes for
    /// the open queue (status, oldest first) and a card's cases. Written with the signals, before their offsets commit.
    /// </summary>
    public string ReviewTable { get; set; } = "fraud-reviews";

    /// <summary>Table holding analysts' labels, one item per labelled transaction id: what <c>fraud train --labels-from-table</c> reads.</summary>
    public string LabelTable { get; set; } = "fraud-labels";

    /// <summary>Create missing tables at start-up (on-demand billing).</summary>
    public bool CreateTables { get; set; } = true;

    /// <summary>BatchWriteItem requests of signals in flight at once.</summary>
    public int MaxConcurrentSignalBatches { get; set; } = 16;

    /// <summary>Longest a signal waits for others to fill its BatchWriteItem (25 items); a checkpoint's flush does not wait.</summary>
    public TimeSpan SignalBatchLinger { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Conditional state writes in flight at once during a checkpoint.</summary>
    public int MaxConcurrentStateWrites { get; set; } = 16;

    /// <summary>Longest wait between retries of a failed DynamoDB call (backoff doubles up to it).</summary>
    public TimeSpan MaxRetryBackoff { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Timeout of one DynamoDB request.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public IEnumerable<string> Validate()
    {
        if (!string.IsNullOrWhiteSpace(ServiceUrl) && !UsesAws && !Uri.TryCreate(ServiceUrl, UriKind.Absolute, out _))
        {
            yield return $"{Section}:{nameof(ServiceUrl)} '{ServiceUrl}' is not an absolute URL";
        }

        if (string.IsNullOrWhiteSpace(Region))
        {
            yield return $"{Section}:{nameof(Region)} is empty";
        }

        string[] tables = [StateTable, SignalTable, ReviewTable, LabelTable];
        if (tables.Any(string.IsNullOrWhiteSpace) || tables.Distinct(StringComparer.Ordinal).Count() < tables.Length)
        {
            yield return $"{Section}: {nameof(StateTable)}, {nameof(SignalTable)}, {nameof(ReviewTable)} and {nameof(LabelTable)} must be set and differ";
        }

        if (MaxConcurrentSignalBatches is < 1 or > 64)
        {
            yield return $"{Section}:{nameof(MaxConcurrentSignalBatches)} must be 1..64";
        }

        if (MaxConcurrentStateWrites is < 1 or > 256)
        {
            yield return $"{Section}:{nameof(MaxConcurrentStateWrites)} must be 1..256";
        }

        if (SignalBatchLinger < TimeSpan.Zero || SignalBatchLinger > TimeSpan.FromSeconds(1))
        {
            yield return $"{Section}:{nameof(SignalBatchLinger)} must be 0..1 s";
        }

        if (MaxRetryBackoff <= TimeSpan.Zero || RequestTimeout <= TimeSpan.Zero)
        {
            yield return $"{Section}: {nameof(MaxRetryBackoff)} and {nameof(RequestTimeout)} must be positive";
        }
    }

    /// <summary>Points one of our Orleans providers at the same DynamoDB as the rest of the silo, with its own table.</summary>
    public T Connect<T>(T provider, string table) where T : Fraud.Orleans.Storage.DynamoDB.DynamoDBClientOptions
    {
        provider.TableName = table;
        provider.Region = Region;
        provider.RequestTimeout = RequestTimeout;
        provider.MaxRetryDelay = MaxRetryBackoff;
        if (UsesAws)
        {
            provider.ServiceUrl = null;
        }
        else
        {
            // DynamoDB Local keeps one database per access key: the same fixed pair as the silo's own client.
            provider.ServiceUrl = ServiceUrl;
            provider.AccessKey = "local";
            provider.SecretKey = "local";
        }

        return provider;
    }
}
