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
        output.WriteLine();
        output.WriteLine("Summary");
        output.WriteLine(string.Create(inv, $"  rows in the file         {rows,12:N0}  ({Input.DuplicateIds:N0} with a TRANSACTION_ID seen before)"));
        output.WriteLine(string.Create(inv, $"  rows written             {rows - Missing.Count,12:N0}  to {OutPath}"));
        output.WriteLine(string.Create(inv, $"  missing                  {Missing.Count,12:N0}  (file rows without a signal){MissingList()}"));
        output.WriteLine(string.Create(inv, $"  signals read back        {Signals,12:N0}  ({ScanDuplicates:N0} duplicates in the scan, {Extra:N0} not in the file; scan {ScanTime.TotalSeconds:0.0} s)"));
        output.WriteLine(string.Create(inv, $"  labels published         {Result.LabelsPublished,12:N0}  ({Result.Watermarks:N0} watermarks to every partition)"));
        output.WriteLine(string.Create(inv, $"  label waits timed out    {Result.LabelWaitsTimedOut,12:N0}  (transactions scored before their labels' watermark arrived)"));
        output.WriteLine(string.Create(inv, $"  dead-lettered            {Result.DeadLettered,12:N0}"));
        output.WriteLine(string.Create(inv, $"  sending                  {Result.SendTime.TotalSeconds,12:0.0} s  ({Result.TransactionsSent / Math.Max(Result.SendTime.TotalSeconds, 0.001):N0} tx/s)"));
        output.WriteLine(string.Create(inv, $"  all durable after        {Result.DurableTime.TotalSeconds,12:0.0} s  ({Result.TransactionsSent / Math.Max(Result.DurableTime.TotalSeconds, 0.001):N0} tx/s)"));
    }

    private string MissingList() => Missing.Count == 0 ? ""
        : ": " + string.Join(", ", Missing.Take(MissingShown).Select(id => id.ToString(CultureInfo.InvariantCulture))) + (Missing.Count > MissingShown ? ", ..." : "");
}
