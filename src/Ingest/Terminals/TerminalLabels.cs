namespace Fraud.Orleans.Ingest.Terminals;

/// <summary>Reads one record of the labels topic: a fraud label, or a watermark of the labels published so far.</summary>
internal static class TerminalLabels
{
    public readonly record struct Label(long TransactionId, long TerminalId, long EventTimeMs);

    public static bool TryRead(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, out Label? label, out long watermarkMs, out string? error)
    {
        // PENDING: LabelCodec (src/Ingest/Labels).
        label = null;
        watermarkMs = long.MinValue;
        error = "label codec pending";
        return false;
    }
}
