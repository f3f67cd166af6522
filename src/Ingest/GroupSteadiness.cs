using System.Diagnostics;
using System.Text.Json;

namespace Fraud.Orleans.Ingest;

/// <summary>
/// Whether this consumer is between rebalances, as librdkafka's statistics last found it. librdkafka 2.0 sends a
/// commit even while this member's JoinGroup is pending at the coordinator; the coordinator answers it after the
/// election, with ILLEGAL_GENERATION, and librdkafka then declares the whole assignment lost and rejoins, which
/// starts the next rebalance for every member: a storm. Java's consumer refuses such commits before sending them;
/// the gateway does the same from here. The statistics carry librdkafka's join state and the monotonic time they
/// were taken, so a commit goes out only right after a fresh report of a steady group.
/// </summary>
public sealed class GroupSteadiness
{
    private const string Steady = "steady";

    // librdkafka's rd_clock() and Stopwatch both read CLOCK_MONOTONIC on Linux; statistics carry it in µs.
    private static readonly double StopwatchTicksPerMicrosecond = Stopwatch.Frequency / 1_000_000.0;

    private const long ComparableClockMicroseconds = 3_600_000_000;

    private long _steadyAtMicroseconds = long.MinValue;
    private long _lastReportAgeMicroseconds;
    private long _rebalances;

    /// <summary>Rebalances this consumer has been through, as librdkafka counts them.</summary>
    public long Rebalances => Volatile.Read(ref _rebalances);

    /// <summary>Records one statistics report (librdkafka's JSON): its time and the group's join state.</summary>
    public void OnStatistics(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (!root.TryGetProperty("ts", out var taken) || !root.TryGetProperty("cgrp", out var group))
        {
            return;
        }

        if (group.TryGetProperty("rebalance_cnt", out var rebalances))
        {
            Volatile.Write(ref _rebalances, rebalances.GetInt64());
        }

        var now = NowMicroseconds;
        var takenAt = taken.GetInt64();
        Volatile.Write(ref _lastReportAgeMicroseconds, now - takenAt);
        if (takenAt > now || now - takenAt > ComparableClockMicroseconds)
        {
            // Not the clock we read (another platform's rd_clock): the report is as old as its delivery, at least.
            takenAt = now;
        }

        var steady = group.TryGetProperty("join_state", out var joinState) && joinState.GetString() == Steady;
        Volatile.Write(ref _steadyAtMicroseconds, steady ? takenAt : long.MinValue);
    }

    /// <summary>How old the last report was when it arrived, by its own time stamp (a check that the clocks agree).</summary>
    public TimeSpan LastReportAge => TimeSpan.FromMicroseconds(Volatile.Read(ref _lastReportAgeMicroseconds));

    /// <summary>True when the last report, taken at most <paramref name="freshness"/> ago, found the group steady.</summary>
    public bool IsSteadyWithin(TimeSpan freshness)
    {
        var steadyAt = Volatile.Read(ref _steadyAtMicroseconds);
        if (steadyAt == long.MinValue)
        {
            return false;
        }

        return NowMicroseconds - steadyAt <= (long)(freshness.TotalMilliseconds * 1000);
    }

    private static long NowMicroseconds => (long)(Stopwatch.GetTimestamp() / StopwatchTicksPerMicrosecond);
}
