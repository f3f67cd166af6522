using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Fraud.Orleans.GrainInterfaces;

namespace Fraud.Orleans.Silo.Storage;

/// <summary>
/// One BatchWriteItem body of signals, written into a buffer that is reused from batch to batch, and the
/// transaction ids DynamoDB hands back unprocessed. Not thread-safe: one batch in flight per instance.
/// </summary>
public sealed class SignalBatchRequest
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ArrayBufferWriter<byte> _buffer = new(32 * 1024);
    private readonly Utf8JsonWriter _json;
    private readonly string _table;

    public SignalBatchRequest(string table)
    {
        _table = table;
        _json = new Utf8JsonWriter(_buffer, Options);
    }

    /// <summary>The body putting each of <paramref name="signals"/> (at most 25, ids distinct); valid until the next call.</summary>
    public ReadOnlyMemory<byte> Write(IEnumerable<FraudSignal> signals)
    {
        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
        _json.WriteStartObject();
        _json.WriteStartObject("RequestItems");
        _json.WriteStartArray(_table);
        foreach (var signal in signals)
        {
            _json.WriteStartObject();
            _json.WriteStartObject("PutRequest");
            _json.WritePropertyName("Item");
            SignalItems.WriteItem(_json, signal);
            _json.WriteEndObject();
            _json.WriteEndObject();
        }

        _json.WriteEndArray();
        _json.WriteEndObject();
        _json.WriteEndObject();
        _json.Flush();
        return _buffer.WrittenMemory;
    }

    /// <summary>
    /// The transaction ids of the items in a BatchWriteItem answer's UnprocessedItems for this table (DynamoDB
    /// returns the whole put requests it did not apply); empty when everything was written.
    /// </summary>
    public List<long> Unprocessed(ReadOnlySpan<byte> answer)
    {
        var ids = new List<long>();
        var reader = new Utf8JsonReader(answer);
        // Property names' depths: 1 UnprocessedItems, 2 the table, 4 PutRequest, 5 Item, 6 the item's attributes.
        var inUnprocessed = false;
        var inTable = false;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }

            switch (reader.CurrentDepth)
            {
                case 1:
                    inUnprocessed = reader.ValueTextEquals("UnprocessedItems");
                    break;
                case 2:
                    inTable = inUnprocessed && reader.ValueTextEquals(_table);
                    break;
                case 6 when inTable && reader.ValueTextEquals(DynamoDbTables.TransactionIdAttribute):
                    reader.Read(); // { "S": "id" }
                    reader.Read();
                    reader.Read();
                    ids.Add(long.Parse(reader.GetString()!, System.Globalization.CultureInfo.InvariantCulture));
                    break;
            }
        }

        return ids;
    }
}
