using Orleans;
using Orleans.Storage;

namespace Fraud.Orleans.Storage.DynamoDB;

/// <summary>Settings of one named <see cref="DynamoDBGrainStorage"/>.</summary>
public sealed class DynamoDBStorageOptions : DynamoDBClientOptions
{
    public DynamoDBStorageOptions() => TableName = "OrleansGrainState";

    /// <summary>Clear deletes the item; when false it keeps a stateless item whose ETag goes on counting.</summary>
    public bool DeleteStateOnClear { get; set; }

    /// <summary>Turns states into bytes and back; <c>null</c> uses the silo's <see cref="IGrainStorageSerializer"/>.</summary>
    public IGrainStorageSerializer? GrainStorageSerializer { get; set; }

    /// <summary>States read in one BatchGetItem at most (DynamoDB allows 100): activations at once share requests.</summary>
    public int MaxReadsPerRequest { get; set; } = 100;

    /// <summary>Read requests in flight at once; reads beyond them wait for the next request instead of crowding DynamoDB.</summary>
    public int MaxReadRequestsInFlight { get; set; } = 4;

    /// <summary>Silo lifecycle stage at which the table is checked or created.</summary>
    public int InitStage { get; set; } = ServiceLifecycleStage.ApplicationServices;
}
