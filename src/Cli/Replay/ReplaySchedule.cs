using Fraud.Orleans.Simulator;

namespace Fraud.Orleans.Cli.Replay;

/// <summary>
/// The order in which a replay publishes, in event time: each transaction at its time; the label of a fraud at its
/// transaction's time + the label delay, before any transaction at or after that; and, whenever the replay's time
/// crosses a watermark boundary B (every 15 minutes), a watermark B − delay after every label due by B (so it
/// promises exactly what was published). A last watermark, last event time − delay, closes the replay; labels due
/// after the last transaction are never published (the file's time ends there).
/// </summary>
public static class ReplaySchedule
{
    public static readonly TimeSpan DefaultWatermarkInterval = TimeSpan.FromMinutes(15);

    /// <param name="rows">In event-time order (see <see cref="ReplayInput"/>).</param>
    public static IEnumerable<ReplayStep> Of(IReadOnlyList<SimulatedTransaction> rows, TimeSpan labelDelay, TimeSpan? watermarkInterval = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var interval = (long)(watermarkInterval ?? DefaultWatermarkInterval).TotalMilliseconds;
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, 1L, nameof(watermarkInterval));
        return Steps(rows, (long)labelDelay.TotalMilliseconds, interval);
    }

    private static IEnumerable<ReplayStep> Steps(IReadOnlyList<SimulatedTransaction> rows, long delayMs, long intervalMs)
    {
        var nextLabel = 0; // frauds fall due in the rows' own order: the delay is the same for all
        var boundary = long.MinValue;
        for (var i = 0; i < rows.Count; i++)
        {
            var now = rows[i].Transaction.EventTimeMs;
            var crossed = now - (((now % intervalMs) + intervalMs) % intervalMs); // floor to the boundary, negative times too
            if (crossed > boundary)
            {
                boundary = crossed;
                while (NextLabelDue(rows, boundary, delayMs, i, ref nextLabel))
                {
                    yield return ReplayStep.Label(nextLabel++);
                }

                yield return ReplayStep.Watermark(boundary - delayMs);
            }

            while (NextLabelDue(rows, now, delayMs, i, ref nextLabel))
            {
                yield return ReplayStep.Label(nextLabel++);
            }

            yield return ReplayStep.Transaction(i);
        }

        if (rows.Count > 0)
        {
            yield return ReplayStep.Watermark(rows[^1].Transaction.EventTimeMs - delayMs);
        }
    }

    /// <summary>
    /// Moves <paramref name="next"/> to the next fraud among the rows already sent (before <paramref name="sent"/>);
    /// true when its label is due at or before <paramref name="timeMs"/>.
    /// </summary>
    private static bool NextLabelDue(IReadOnlyList<SimulatedTransaction> rows, long timeMs, long delayMs, int sent, ref int next)
    {
        while (next < sent && !rows[next].IsFraud)
        {
            next++;
        }

        return next < sent && rows[next].Transaction.EventTimeMs + delayMs <= timeMs;
    }
}
