using System.Globalization;

namespace Fraud.Orleans.Cli.Replay;

/// <summary>The end of a replay: what the signal table holds against the file, and how fast it went.</summary>
public sealed record ReplaySummary(
    ReplayInput Input,
    ReplayResult Result,
    long Signals,
    IReadOnlyList<long> Missing,
    int ScanDuplicates,
    int Extra,
    TimeSpan ScanTime,
    string OutPath)
{
    private const int MissingShown = 10;

    /// <summary>Every transaction of the file has its signal and everything was durable in time.</summary>
    public bool Succeeded => Missing.Count == 0 && Result.DrainedInTime && Input.Rows.Length > 0;

    public void Print(TextWriter output)
    {
        var inv = CultureInfo.InvariantCulture;
        var rows = Input.Rows.Length;
        new SummaryTable("Summary", "", "", "")
            .Row("rows in the file", rows.ToString("N0", inv), string.Create(inv, $"{Input.DuplicateIds:N0} with a TRANSACTION_ID seen before"))
            .Row("rows written", (rows - Missing.Count).ToString("N0", inv), $"to {OutPath}")
            .Row("missing", Missing.Count.ToString("N0", inv), "file rows without a signal" + MissingList())
            .Row("signals read back", Signals.ToString("N0", inv), string.Create(inv, $"{ScanDuplicates:N0} duplicates in the scan, {Extra:N0} not in the file; scan {ScanTime.TotalSeconds:0.0} s"))
            .Row("labels published", Result.LabelsPublished.ToString("N0", inv), string.Create(inv, $"{Result.Watermarks:N0} watermarks to every partition"))
            .Row("label waits timed out", Result.LabelWaitsTimedOut.ToString("N0", inv), "transactions scored before their labels' watermark arrived")
            .Row("dead-lettered", Result.DeadLettered.ToString("N0", inv), "")
            .Row("sending", string.Create(inv, $"{Result.SendTime.TotalSeconds:0.0} s"), string.Create(inv, $"{Result.TransactionsSent / Math.Max(Result.SendTime.TotalSeconds, 0.001):N0} tx/s"))
            .Row("all durable after", string.Create(inv, $"{Result.DurableTime.TotalSeconds:0.0} s"), string.Create(inv, $"{Result.TransactionsSent / Math.Max(Result.DurableTime.TotalSeconds, 0.001):N0} tx/s"))
            .Write(output);
    }

    private string MissingList() => Missing.Count == 0 ? ""
        : ": " + string.Join(", ", Missing.Take(MissingShown).Select(id => id.ToString(CultureInfo.InvariantCulture))) + (Missing.Count > MissingShown ? ", ..." : "");
}
