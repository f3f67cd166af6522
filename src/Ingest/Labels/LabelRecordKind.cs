namespace Fraud.Orleans.Ingest.Labels;

/// <summary>What a record of the labels topic holds.</summary>
public enum LabelRecordKind
{
    /// <summary>Nothing (a default value).</summary>
    None = 0,

    /// <summary>A fraud label, keyed by its terminal id.</summary>
    Label = 1,

    /// <summary>A promise, per partition, that every label of a transaction at or before a time has been published.</summary>
    Watermark = 2,
}
