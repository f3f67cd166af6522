using System.Diagnostics;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Fraud.Orleans.Embedded;

// Waiting for a freshly launched JVM to answer requests, or to show that it never will.
public sealed partial class DynamoDbLocal
{
    private static readonly TimeSpan ReadinessAttemptTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMilliseconds(250);

    private enum StartOutcome
    {
        Ready,
        Exited,
        MainThreadDied,
        TimedOut,
    }

    private static async Task<(StartOutcome Outcome, Exception? LastError)> WaitUntilReadyAsync(
        Process process, int port, Task mainThreadDied, TimeSpan budget, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        var backoff = FirstBackoff;
        Exception? lastError = null;
        using var client = NewClient(port, new AmazonDynamoDBConfig { Timeout = ReadinessAttemptTimeout, MaxErrorRetry = 0 });
        var exit = process.WaitForExitAsync(ct);
        while (!process.HasExited && !mainThreadDied.IsCompleted && deadline.Elapsed < budget)
        {
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct);
            attempt.CancelAfter(Min(ReadinessAttemptTimeout, Max(budget - deadline.Elapsed, TimeSpan.FromMilliseconds(1))));
            try
            {
                await client.ListTablesAsync(new ListTablesRequest { Limit = 1 }, attempt.Token).ConfigureAwait(false);

                // The port was free before launch, so the answer came from our process unless it died since.
                return (process.HasExited ? StartOutcome.Exited : StartOutcome.Ready, null);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                lastError = ex;
            }

            var remaining = budget - deadline.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                break;
            }

            // Wake up early if startup fails: a bad argument or a taken port should fail in milliseconds.
            await Task.WhenAny(Task.Delay(Min(backoff, remaining), ct), exit, mainThreadDied).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
            backoff = Min(backoff * 2, MaxBackoff);
        }

        return process.HasExited ? (StartOutcome.Exited, lastError)
            : mainThreadDied.IsCompleted ? (StartOutcome.MainThreadDied, lastError)
            : (StartOutcome.TimedOut, lastError);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
