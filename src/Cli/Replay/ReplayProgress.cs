using System.Globalization;
using Fraud.Orleans.Cli.Metrics;
using Fraud.Orleans.Ingest;
using Spectre.Console;

namespace Fraud.Orleans.Cli.Replay;

/// <summary>
/// A replay's progress every few seconds: how far, how fast, how long still. In a terminal it moves a progress bar
/// (with its own ETA); elsewhere it prints a status line.
/// </summary>
internal sealed class ReplayProgress(PipelineObserver observer, IngestMetrics metrics, long total, TextWriter output, ProgressTask? bar)
{
    private TimeSpan _lastElapsed;
    private long _lastSent;

    public void Print(TimeSpan elapsed, long sent, long eventTimeMs)
    {
        var seconds = Math.Max((elapsed - _lastElapsed).TotalSeconds, 0.001);
        var rate = (sent - _lastSent) / seconds;
        var average = sent / Math.Max(elapsed.TotalSeconds, 0.001);
        _lastElapsed = elapsed;
        _lastSent = sent;
        var decided = observer.Decided.Count;
        var eta = average > 0 && sent < total ? TimeSpan.FromSeconds((total - sent) / average) : TimeSpan.Zero;
        if (bar is not null)
        {
            bar.MaxValue = total;
            bar.Value = sent;
            bar.Description = string.Create(CultureInfo.InvariantCulture,
                $"decided {decided:N0} | durable {observer.Durable.Count:N0} | {rate:N0} tx/s | label waits timed out {metrics.TerminalHistoryIncomplete:N0}");
            return;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[{elapsed.TotalSeconds,5:0}s] sent {sent,9:N0} ({100.0 * sent / Math.Max(total, 1),5:0.0}%) | decided {decided,9:N0} | durable {observer.Durable.Count,9:N0} " +
            $"| {rate,6:N0} tx/s (avg {average,6:N0}) | not durable {sent - observer.Durable.Count - metrics.DeadLettered,6:N0} " +
            $"| event time {(eventTimeMs == long.MinValue ? "-" : DateTimeOffset.FromUnixTimeMilliseconds(eventTimeMs).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))} " +
            $"| ETA {eta:hh\\:mm\\:ss} | label waits timed out {metrics.TerminalHistoryIncomplete:N0}"));
    }
}
