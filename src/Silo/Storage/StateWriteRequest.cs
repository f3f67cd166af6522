using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace Fraud.Orleans.Silo.Storage;

/// <summary>
/// One conditional PutItem of a grain's state, its request and attribute maps made once and refilled from write to
/// write. The condition fences: the stored ETag must be the one this silo read (or the item absent), and no owner
/// with a higher partition epoch may have written it. Not thread-safe: one write in flight per instance, and the
/// SDK has marshalled it before a call returns or throws.
/// </summary>
public sealed class StateWriteRequest
{
    private const string CreateCondition = "attribute_not_exists(#id) AND (attribute_not_exists(#epoch) OR #epoch <= :epoch)";
    private const string ReplaceCondition = "#etag = :expected AND (attribute_not_exists(#epoch) OR #epoch <= :epoch)";

    private readonly AttributeValue _grainId = new();
    private readonly AttributeValue _etag = new();
    private readonly AttributeValue _epoch = new();
    private readonly AttributeValue _state = new();
    private readonly AttributeValue _updatedAt = new();
    private readonly AttributeValue _expected = new();
    private readonly Dictionary<string, string> _createNames = new(StringComparer.Ordinal)
    {
        ["#epoch"] = DynamoDbGrainStateStore.EpochAttribute,
        ["#id"] = DynamoDbTables.GrainIdAttribute,
    };

    private readonly Dictionary<string, string> _replaceNames = new(StringComparer.Ordinal)
    {
        ["#epoch"] = DynamoDbGrainStateStore.EpochAttribute,
        ["#etag"] = DynamoDbGrainStateStore.EtagAttribute,
    };

    private readonly Dictionary<string, AttributeValue> _createValues;
    private readonly Dictionary<string, AttributeValue> _replaceValues;

    public StateWriteRequest(string table)
    {
        _createValues = new(StringComparer.Ordinal) { [":epoch"] = _epoch };
        _replaceValues = new(StringComparer.Ordinal) { [":epoch"] = _epoch, [":expected"] = _expected };
        Request = new PutItemRequest
        {
            TableName = table,
            Item = new Dictionary<string, AttributeValue>(5, StringComparer.Ordinal)
            {
                [DynamoDbTables.GrainIdAttribute] = _grainId,
                [DynamoDbGrainStateStore.EtagAttribute] = _etag,
                [DynamoDbGrainStateStore.EpochAttribute] = _epoch,
                [DynamoDbGrainStateStore.StateAttribute] = _state,
                [DynamoDbGrainStateStore.UpdatedAtAttribute] = _updatedAt,
            },
        };
    }

    public PutItemRequest Request { get; }

    /// <summary>Makes <see cref="Request"/> put <paramref name="state"/> as version <paramref name="nextEtag"/>.</summary>
    public PutItemRequest Prepare(string grainId, byte[] state, string? expectedEtag, string nextEtag, long epoch, DateTimeOffset now)
    {
        _grainId.S = grainId;
        _etag.N = nextEtag;
        _epoch.N = epoch.ToString(CultureInfo.InvariantCulture);
        _state.B = new MemoryStream(state, writable: false);
        _updatedAt.S = now.ToString("O", CultureInfo.InvariantCulture);
        if (expectedEtag is null)
        {
            Request.ConditionExpression = CreateCondition;
            Request.ExpressionAttributeNames = _createNames;
            Request.ExpressionAttributeValues = _createValues;
        }
        else
        {
            _expected.N = expectedEtag;
            Request.ConditionExpression = ReplaceCondition;
            Request.ExpressionAttributeNames = _replaceNames;
            Request.ExpressionAttributeValues = _replaceValues;
        }

        return Request;
    }

    /// <summary>Lets go of the state bytes: a pooled request should not keep a grain's state alive.</summary>
    public void Release() => _state.B = null;
}
