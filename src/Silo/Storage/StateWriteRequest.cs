using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Fraud.Orleans.Silo.Storage;

/// <summary>
/// One conditional PutItem of a grain's state, written as DynamoDB JSON into a buffer reused from write to write.
/// The condition fences: the stored ETag must be the one this silo read (or the item absent), and no owner with
/// a higher partition epoch may have written it. Not thread-safe: one write in flight per instance.
/// </summary>
public sealed class StateWriteRequest
{
    private readonly ArrayBufferWriter<byte> _buffer = new(8 * 1024);
    private readonly Utf8JsonWriter _json;

    public StateWriteRequest() => _json = new Utf8JsonWriter(_buffer);

    /// <summary>The body; valid until the next call.</summary>
    public ReadOnlyMemory<byte> Write(
        string table, string grainId, ReadOnlySpan<byte> state, string? expectedEtag, string nextEtag, long epoch, DateTimeOffset now)
    {
        Span<byte> text = stackalloc byte[40];
        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
        _json.WriteStartObject();
        _json.WriteString("TableName", table);
        _json.WriteStartObject("Item");
        Attribute(DynamoDbTables.GrainIdAttribute, "S", grainId);
        Attribute(DynamoDbGrainStateStore.EtagAttribute, "N", nextEtag);
        Attribute(DynamoDbGrainStateStore.EpochAttribute, "N", Format(epoch, text));
        _json.WriteStartObject(DynamoDbGrainStateStore.StateAttribute);
        _json.WriteBase64String("B", state);
        _json.WriteEndObject();
        Attribute(DynamoDbGrainStateStore.UpdatedAtAttribute, "S", now.TryFormat(text, out var written, "O", CultureInfo.InvariantCulture) ? text[..written] : throw new InvalidOperationException("time stamp too long"));
        _json.WriteEndObject();

        _json.WriteString("ConditionExpression", expectedEtag is null
            ? "attribute_not_exists(#id) AND (attribute_not_exists(#epoch) OR #epoch <= :epoch)"
            : "#etag = :expected AND (attribute_not_exists(#epoch) OR #epoch <= :epoch)");
        _json.WriteStartObject("ExpressionAttributeNames");
        _json.WriteString("#epoch", DynamoDbGrainStateStore.EpochAttribute);
        _json.WriteString(expectedEtag is null ? "#id" : "#etag", expectedEtag is null ? DynamoDbTables.GrainIdAttribute : DynamoDbGrainStateStore.EtagAttribute);
        _json.WriteEndObject();
        _json.WriteStartObject("ExpressionAttributeValues");
        Attribute(":epoch", "N", Format(epoch, text));
        if (expectedEtag is not null)
        {
            Attribute(":expected", "N", expectedEtag);
        }

        _json.WriteEndObject();
        _json.WriteEndObject();
        _json.Flush();
        return _buffer.WrittenMemory;
    }

    private void Attribute(string name, string type, string value)
    {
        _json.WriteStartObject(name);
        _json.WriteString(type, value);
        _json.WriteEndObject();
    }

    private void Attribute(string name, string type, ReadOnlySpan<byte> utf8Value)
    {
        _json.WriteStartObject(name);
        _json.WriteString(type, utf8Value);
        _json.WriteEndObject();
    }

    private static ReadOnlySpan<byte> Format(long value, Span<byte> text) =>
        value.TryFormat(text, out var written, default, CultureInfo.InvariantCulture) ? text[..written] : throw new InvalidOperationException("number too long");
}
