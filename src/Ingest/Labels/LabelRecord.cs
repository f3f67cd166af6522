namespace Fraud.Orleans.Ingest.Labels;

/// <summary>
/// One record of the labels topic: either a <see cref="FraudLabel"/>, or a watermark saying that this partition
/// holds the labels of every transaction whose event time is at or before <see cref="CompleteThroughMs"/>.
/// </summary>
public readonly record struct LabelRecord
{
    private LabelRecord(LabelRecordKind kind, FraudLabel label, long completeThroughMs)
    {
        Kind = kind;
        Label = label;
        CompleteThroughMs = completeThroughMs;
    }

    public LabelRecordKind Kind { get; }

    /// <summary>The label; default unless <see cref="Kind"/> is <see cref="LabelRecordKind.Label"/>.</summary>
    public FraudLabel Label { get; }

    /// <summary>The watermark (Unix milliseconds, UTC); 0 unless <see cref="Kind"/> is <see cref="LabelRecordKind.Watermark"/>.</summary>
    public long CompleteThroughMs { get; }

    public bool IsWatermark => Kind == LabelRecordKind.Watermark;

    public static LabelRecord ForLabel(FraudLabel label) => new(LabelRecordKind.Label, label, 0);

    public static LabelRecord ForWatermark(long completeThroughMs) => new(LabelRecordKind.Watermark, default, completeThroughMs);
}
