using System.Text.Json;
using Fraud.Orleans.Ingest.Codec;

namespace Fraud.Orleans.Ingest.Labels;

// The fields of a label or a watermark as the walk reads them.
public static partial class LabelCodec
{
    private ref struct LabelFields(Span<byte> timeScratch) : IFlatJsonFields
    {
        private readonly Span<byte> _timeScratch = timeScratch;

        public long TransactionId;

        public long TerminalId;

        public long EventTimeMs;

        public long CompleteThroughMs;

        public readonly int Identify(ref Utf8JsonReader reader) => (int)(
            reader.ValueTextEquals("transactionId"u8) ? Fields.TransactionId
            : reader.ValueTextEquals("terminalId"u8) ? Fields.TerminalId
            : reader.ValueTextEquals("eventTime"u8) ? Fields.EventTime
            : reader.ValueTextEquals("labelsCompleteThrough"u8) ? Fields.LabelsCompleteThrough
            : Fields.None);

        public readonly string DuplicateError(int field) => (Fields)field switch
        {
            Fields.TransactionId => "duplicate field: transactionId",
            Fields.TerminalId => "duplicate field: terminalId",
            Fields.EventTime => "duplicate field: eventTime",
            _ => "duplicate field: labelsCompleteThrough",
        };

        public string? Read(int field, ref Utf8JsonReader reader) => (Fields)field switch
        {
            Fields.TransactionId => ReadInteger(ref reader, "wrong type: transactionId must be an integer", out TransactionId),
            Fields.TerminalId => ReadInteger(ref reader, "wrong type: terminalId must be an integer", out TerminalId),
            Fields.EventTime => ReadTime(ref reader, Fields.EventTime, _timeScratch, out EventTimeMs),
            _ => ReadTime(ref reader, Fields.LabelsCompleteThrough, _timeScratch, out CompleteThroughMs),
        };

        private static string? ReadInteger(ref Utf8JsonReader reader, string wrongType, out long value)
        {
            value = 0;
            return reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out value) ? null : wrongType;
        }

        private static string? ReadTime(ref Utf8JsonReader reader, Fields field, scoped Span<byte> scratch, out long unixMs)
        {
            unixMs = 0;
            if (reader.TokenType != JsonTokenType.String)
            {
                return field == Fields.EventTime ? "wrong type: eventTime must be a string" : "wrong type: labelsCompleteThrough must be a string";
            }

            var error = TransactionCodec.ReadIsoTime(ref reader, scratch, out unixMs);

            // The shared parser names the transaction's field; a watermark's reason names its own (only on failure).
            const string EventTimeReason = "invalid eventTime";
            return error is not null && field == Fields.LabelsCompleteThrough && error.StartsWith(EventTimeReason, StringComparison.Ordinal)
                ? "invalid labelsCompleteThrough" + error[EventTimeReason.Length..]
                : error;
        }
    }
}
