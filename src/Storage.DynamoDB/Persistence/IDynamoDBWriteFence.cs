using Orleans.Runtime;
using Orleans.Storage;

namespace Fraud.Orleans.Storage.DynamoDB;

/// <summary>
/// An optional extra condition on every write of one grain storage: the fence token (e.g. the writer's partition
/// ownership epoch) is stored with the item, and a write or clear whose token is lower than the stored one fails
/// with <see cref="InconsistentStateException"/>, so a silo that lost a grain to a newer owner
/// cannot overwrite the owner's state. Register it as a keyed singleton under the storage's name; without one,
/// only the ETag is checked.
/// </summary>
public interface IDynamoDBWriteFence
{
    /// <summary>The token this write carries, or <c>null</c> for a write outside any fence (it neither sets nor checks one).</summary>
    long? GetToken(string stateName, GrainId grainId);
}
