using Orleans.Runtime;
using Orleans.Storage;

namespace Fraud.Orleans.Storage.DynamoDB;

/// <summary>
/// An optional extra condition on every write of one grain storage: the fence token (e.g. the writer's partition
/// ownership epoch) is stored with the item, and a write or clear whose token is lower than the stored one fails
/// with <see cref="InconsistentStateException"/>, so a silo that lost a grain to a newer owner
/// cannot overwrite the owner's state. The other way round, a write whose token is higher than the stored one wins
/// even where the ETag moved since the grain read it: a superseded owner wrote after the new owner read, and the new
/// owner's state (rebuilt from what was committed) is the authority. Register it as a keyed singleton under the
/// storage's name; without one, only the ETag is checked. A writer that may not write at all throws
/// <see cref="InconsistentStateException"/> from <see cref="GetToken"/>.
/// </summary>
public interface IDynamoDBWriteFence
{
    /// <summary>The token this write carries, or <c>null</c> for a write outside any fence (it neither sets nor checks one).</summary>
    long? GetToken(string stateName, GrainId grainId);
}
