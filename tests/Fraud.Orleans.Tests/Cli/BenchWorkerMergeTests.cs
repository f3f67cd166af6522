using Fraud.Orleans.Cli.Bench;

namespace Fraud.Orleans.Tests.Cli;

public sealed class BenchWorkerMergeTests
{
    [Fact]
    public void One_worker_counts_further_decisions_and_unsent_ids_as_duplicates()
    {
        LatencyRow[] rows =
        [
            new(0, 1000, 5_000, 20_000, 1),
            new(1, 1001, 6_000, -1, 3),     // decided three times: two duplicates; never durable
            new(1, 1001, 9_000, 30_000, 1), // the peer writes a row per decision: one more
            new(7, 1007, 1_000, 2_000, 1),  // never sent
        ];

        var merged = MergedRows.Of([rows], sent: 3);

        Assert.Equal(2 + 1 + 1, merged.Duplicates);
        Assert.Equal(0, merged.Replayed);
        Assert.Equal([true, true, false], merged.Seen);
        Assert.Equal([5_000, 6_000, MergedRows.NeverUs], merged.DecidedUs); // the first row counts
        Assert.Equal([20_000, MergedRows.NeverUs, MergedRows.NeverUs], merged.DurableUs);
    }

    [Fact]
    public void The_live_view_adds_up_the_workers_that_have_reported_and_a_worker_still_starting_adds_nothing()
    {
        static WorkerSample Line(long decided, long durable, double seconds) =>
            new(seconds, decided, new WorkerStatus(true, decided, durable, 1_000 + (long)(seconds * 1000)), 0.5, 0.1, 0.2);

        var latest = MergedSamples.Latest([Line(1_000, 900, 40.0), Line(1_200, 1_100, 40.2), null]);

        Assert.Equal((2_200L, 2_000L), (latest!.Status.Decided, latest.Status.Durable));
        Assert.Equal(40.2, latest.Seconds);
        Assert.Null(MergedSamples.Latest([null, null]));
    }

    [Fact]
    public void A_transaction_another_worker_decided_again_is_a_replay_counted_from_its_first_decision_and_acknowledgement()
    {
        LatencyRow[] first = [new(0, 1000, 5_000, -1, 1), new(1, 1001, 4_000, 9_000, 1)];
        LatencyRow[] second = [new(0, 1000, 80_000, 90_000, 1), new(2, 1002, 3_000, 7_000, 1)];

        var merged = MergedRows.Of([first, second], sent: 3);

        Assert.Equal(0, merged.Duplicates);
        Assert.Equal(1, merged.Replayed);
        Assert.Equal([5_000, 4_000, 3_000], merged.DecidedUs);
        Assert.Equal([90_000, 9_000, 7_000], merged.DurableUs); // durable once the replay's write was acknowledged
    }

    [Fact]
    public void A_worker_deciding_again_what_it_had_already_decided_is_a_duplicate_even_after_a_replay()
    {
        LatencyRow[] first = [new(0, 1000, 5_000, 6_000, 1)];
        LatencyRow[] second = [new(0, 1000, 50_000, 60_000, 2), new(0, 1000, 70_000, 80_000, 1)];

        var merged = MergedRows.Of([first, second], sent: 1);

        Assert.Equal(1, merged.Replayed);
        Assert.Equal(1 + 1, merged.Duplicates);
    }

    [Fact]
    public void Samples_of_several_workers_add_up_at_each_line_with_the_others_interpolated()
    {
        // Worker a prints at 0.0 s and 1.0 s, worker b half a second later; each decides 100 a second.
        WorkerSample[] a = [Sample(0.0, decided: 0, cpu: 1.0), Sample(1.0, decided: 100, cpu: 2.0)];
        WorkerSample[] b = [Sample(0.5, decided: 50, cpu: 10.0), Sample(1.5, decided: 150, cpu: 11.0)];

        var merged = MergedSamples.Of([a, b]).ToList();

        Assert.Equal([0.0, 0.5, 1.0, 1.5], merged.Select(s => s.Seconds));
        Assert.Equal([50, 100, 200, 250], merged.Select(s => s.Status.Decided)); // b before its first line: its first value
        Assert.Equal([0, 100, 200, 300], merged.Select(s => s.Scheduled)); // due by the line's own time stamp
        Assert.Equal(0, merged[2].Lag);
        Assert.Equal(2.0 + 10.5, merged[2].WorkerCpu, 6);
        Assert.False(merged[0].Status.Ready); // b had not reported yet
        Assert.True(merged[1].Status.Ready);
    }

    [Fact]
    public void One_worker_samples_are_its_own()
    {
        WorkerSample[] a = [Sample(0.0, decided: 0, cpu: 1.0)];

        Assert.Same(a, MergedSamples.Of([a]));
    }

    private static WorkerSample Sample(double seconds, long decided, double cpu) =>
        new(seconds, Scheduled: (long)(seconds * 200), new WorkerStatus(true, decided, decided, 1_000_000 + (long)(seconds * 1000)), cpu, BenchCpu: 3, DynamoDbCpu: 4);
}
