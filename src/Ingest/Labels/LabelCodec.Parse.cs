using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Fraud.Orleans.Ingest.Codec;

namespace Fraud.Orleans.Ingest.Labels;

// Reading a record of the labels topic: which of the two shapes it is, each field checked, a short reason when not.
public static partial class LabelCodec
{
    [Flags]
    private enum Fields
    {
        None = 0,
        TransactionId = 1,
        TerminalId = 2,
        EventTime = 4,
        LabelsCompleteThrough = 8,
        AnyOfLabel = TransactionId | TerminalId | EventTime,
    }

    /// <summary>
    /// Parses a record of the labels topic. Fields may come in any order and unknown fields are ignored. A label needs
    /// transactionId and terminalId (integers), eventTime (ISO-8601 with an offset, read as a transaction's eventTime)
    /// and a key equal to the terminal id in decimal ASCII; a watermark needs labelsCompleteThrough (same format) and
    /// no key. On failure <paramref name="error"/> is a short reason and nothing is thrown; success allocates nothing.
    /// </summary>
    [SkipLocalsInit]
    public static bool TryParse(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, out LabelRecord record, [NotNullWhen(false)] out string? error)
    {
        record = default;
        var fields = new LabelFields(stackalloc byte[TransactionCodec.IsoTimeScratchBytes]);
        error = FlatJsonObject.Walk(value, ref fields, out var seenBits);
        if (error is not null)
        {
            return false;
        }

        var seen = (Fields)seenBits;
        if ((seen & Fields.LabelsCompleteThrough) != 0)
        {
            error = (seen & Fields.AnyOfLabel) != 0
                ? "ambiguous record: labelsCompleteThrough (a watermark) together with label fields"
                : key.IsEmpty ? null : "key mismatch: a watermark has no key";
            record = error is null ? LabelRecord.ForWatermark(fields.CompleteThroughMs) : default;
            return error is null;
        }

        error = seen == Fields.None ? "neither a label nor a watermark: no transactionId, terminalId, eventTime or labelsCompleteThrough"
            : (seen & Fields.TransactionId) == 0 ? "missing field: transactionId"
            : (seen & Fields.TerminalId) == 0 ? "missing field: terminalId"
            : (seen & Fields.EventTime) == 0 ? "missing field: eventTime"
            : key.IsEmpty ? "missing key: a label is keyed by its terminal id"
            : !KeyMatches(key, fields.TerminalId) ? "key mismatch: the message key is not the terminalId in decimal"
            : null;
        record = error is null ? LabelRecord.ForLabel(new FraudLabel(fields.TransactionId, fields.TerminalId, fields.EventTimeMs)) : default;
        return error is null;
    }

    private static bool KeyMatches(ReadOnlySpan<byte> key, long terminalId)
    {
        Span<byte> expected = stackalloc byte[MaxKeyByteCount];
        return key.SequenceEqual(expected[..TransactionCodec.FormatInteger(terminalId, expected)]);
    }
}
