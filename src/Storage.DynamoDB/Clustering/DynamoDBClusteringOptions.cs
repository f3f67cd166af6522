namespace Fraud.Orleans.Storage.DynamoDB;

/// <summary>Settings of the DynamoDB membership table (silos) and gateway list (clients).</summary>
public sealed class DynamoDBClusteringOptions : DynamoDBClientOptions
{
    public DynamoDBClusteringOptions() => TableName = "OrleansMembership";

    /// <summary>Attempts of <c>ReadAll</c> when a write lands during the read and the snapshot is not consistent.</summary>
    public int MaxSnapshotAttempts { get; set; } = 10;
}
