using System.Diagnostics;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Ingest;

namespace Fraud.Orleans.Cli.Bench;

/// <summary>
/// Open-loop load: transaction i is due at start + i / rate and carries that scheduled time as its Kafka record
/// timestamp, whatever happens downstream (or in this loop). Latencies count from it, so a stall anywhere,
/// the producer included, shows in them instead of silently delaying the schedule (no coordinated omission).
/// </summary>
public sealed class OpenLoopLoad(IReadOnlyList<Transaction> transactions, int rate)
{
    private readonly Stopwatch _clock = new();
    private long _sent;

    /// <summary>Wall-clock Unix milliseconds of the schedule's origin (valid once started).</summary>
    public long StartUnixMs { get; private set; }

    public long Sent => Volatile.Read(ref _sent);

    /// <summary>Seconds since the load started (−1 before); what a status line is placed at.</summary>
    public double Seconds => _clock.IsRunning ? _clock.Elapsed.TotalSeconds : -1;

    /// <summary>Transactions due by wall-clock <paramref name="unixMs"/> (0 before the load starts).</summary>
    public long ScheduledBy(long unixMs) =>
        _clock.IsRunning ? Math.Clamp((unixMs - StartUnixMs) * rate / 1000 + 1, 0, transactions.Count) : 0;

    /// <summary>Sends every transaction on schedule from the calling thread; returns the seconds it took.</summary>
    public double Run(TransactionProducer producer, CancellationToken cancellationToken)
    {
        StartUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        _clock.Start();
        var total = transactions.Count;
        var sent = 0;
        while (sent < total && !cancellationToken.IsCancellationRequested)
        {
            var due = Math.Min(total, (long)(_clock.Elapsed.TotalSeconds * rate) + 1);
            while (sent < due)
            {
                producer.Produce(transactions[sent], StartUnixMs + (sent * 1000L / rate));
                sent++;
            }

            Volatile.Write(ref _sent, sent);
            Thread.Sleep(1);
        }

        return _clock.Elapsed.TotalSeconds;
    }
}
