using Fraud.Orleans.Cli.Bench;
using Fraud.Orleans.GrainInterfaces;

namespace Fraud.Orleans.Tests.Cli;

public sealed class BenchFailoverTests
{
    private const long KillMs = 1_000_000;

    // Ids 0..9 are on partition id % 2; the killed silo owned partition 1.
    private static readonly SiloKill Kill = new("silo-3", 42, 20.0, KillMs, [1]);

    private static int PartitionOf(long id) => (int)(id % 2);

    [Fact]
    public void Failover_runs_from_the_kill_to_the_first_decision_of_a_moved_card_by_a_survivor()
    {
        LatencyRow[] a =
        [
            new(1, KillMs - 500, 100_000, -1, 1),  // a moved card decided before the kill: not a failover
            new(3, KillMs - 2_000, 9_000_000, -1, 1), // replayed 7 s after the kill
            new(2, KillMs + 100, 1_000, -1, 1),    // partition 0 stayed: not a moved card
        ];
        LatencyRow[] b =
        [
            new(5, KillMs - 1_000, 7_500_000, -1, 1), // replayed 6.5 s after the kill: the first
            new(7, KillMs + 300, 6_900_000, -1, 1),  // sent after the kill, decided 7.2 s after it
            new(9, KillMs + 10, -1, -1, 1),          // no decision latency recorded
        ];

        WorkerStatus[] statuses =
        [
            new(true, 0, 0, KillMs - 400, Partitions: [1]), // before the kill
            new(true, 0, 0, KillMs + 100, Partitions: [0]),
            new(true, 0, 0, KillMs + 6_400, Partitions: [0, 1]), // the killed silo's partition arrives
            new(true, 0, 0, KillMs + 6_900, Partitions: [0, 1]),
        ];

        var failover = Failover.Measure(Kill, [("silo-1", a), ("silo-2", b)], PartitionOf, statuses);

        Assert.Equal(6_400.0, failover.ReassignedMs);
        Assert.Equal(6_500.0, failover.FirstDecisionMs);
        Assert.Equal("silo-2", failover.FirstDecisionBy);
        Assert.Equal(7_200.0, failover.FirstNewDecisionMs);
        Assert.Equal(3, failover.MovedDecidedAfterKill);
        Assert.Equal([1], failover.Partitions);
    }

    [Fact]
    public void No_decision_of_a_moved_card_after_the_kill_leaves_the_failover_unmeasured()
    {
        LatencyRow[] a = [new(1, KillMs - 500, 100_000, -1, 1), new(2, KillMs + 100, 1_000, -1, 1)];

        var failover = Failover.Measure(Kill, [("silo-1", a)], PartitionOf, [new WorkerStatus(true, 0, 0, KillMs + 10, Partitions: [0])]);

        Assert.Null(failover.ReassignedMs);
        Assert.Null(failover.FirstDecisionMs);
        Assert.Null(failover.FirstNewDecisionMs);
        Assert.Null(failover.FirstDecisionBy);
        Assert.Equal(0, failover.MovedDecidedAfterKill);
    }

    [Fact]
    public void Card_totals_count_a_card_wrong_when_its_count_or_sum_differs_or_its_state_is_missing_or_never_sent()
    {
        Transaction[] sent =
        [
            new(0, "a", 1, 100, 0), new(1, "a", 1, 50, 0), new(2, "b", 1, 70, 0), new(3, "c", 1, 10, 0), new(4, "d", 1, 5, 0),
        ];
        var stored = new Dictionary<string, (long Count, long Sum)>
        {
            ["a"] = (2, 150), // right
            ["b"] = (2, 140), // counted twice
            ["c"] = (1, 11),  // wrong sum
            ["x"] = (1, 1),   // never sent
        };                    // d: no state

        var totals = CardTotals.Compare(sent, stored);

        Assert.Equal(4, totals.Cards);
        Assert.Equal(4, totals.Wrong);
        Assert.Contains("b: 2 tx / 140 stored, 1 / 70 sent", totals.Examples);
        Assert.Contains("d: no state, 1 tx / 5 sent", totals.Examples);
        Assert.Contains("x: stored, never sent", totals.Examples);
    }

    [Fact]
    public void Card_totals_of_a_faithful_store_have_nothing_wrong()
    {
        Transaction[] sent = [new(0, "a", 1, 100, 0), new(1, "a", 1, 50, 0)];

        var totals = CardTotals.Compare(sent, new Dictionary<string, (long, long)> { ["a"] = (2, 150) });

        Assert.Equal((1, 0), (totals.Cards, totals.Wrong));
    }

    [Fact]
    public void Cross_silo_calls_add_up_the_workers_last_lines_and_the_peer_line_parses_without_them()
    {
        var silo = WorkerStatus.Parse(new WorkerStatus(true, 10, 9, 5, GrainCalls: 1_000, GrainCallsRemote: 4, Partitions: [0, 3]).ToLine())!;
        var peer = WorkerStatus.Parse("""@status {"ready":true,"decided":1,"durable":1,"time_ms":2}""")!;

        var cross = CrossSiloCalls.Of([silo, new WorkerStatus(true, 0, 0, 0, 3_000, 6), null]);

        Assert.Equal([0, 3], silo.Partitions);
        Assert.Equal((0, 0, null), (peer.GrainCalls, peer.GrainCallsRemote, peer.Partitions));
        Assert.Equal((4_000, 10, 0.25), (cross.Calls, cross.Remote, cross.RemotePercent));
        Assert.Equal([[1_000, 4], [3_000, 6], [0, 0]], cross.BySilo);
    }

    [Fact]
    public void The_silo_workers_log_survives_without_a_graceful_end_and_holds_only_decided_rows()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bench-log-{Guid.NewGuid():N}.bin");
        try
        {
            var log = new TransactionLog(path, capacity: 4);
            var signal = new FraudSignal { TransactionId = 2, CardId = "a" };
            log.OnDecided(signal, traceTimeMs: 1_000);
            log.OnDecided(signal, traceTimeMs: 1_000);
            log.OnDurable(signal, traceTimeMs: 1_000);

            // Read while still mapped and never disposed, as the bench reads a worker it killed.
            var rows = LatencyRows.Read(path).ToList();

            var row = Assert.Single(rows);
            Assert.Equal((2L, 1_000L, 2L), (row.TransactionId, row.TraceMs, row.DecidedCount));
            Assert.True(row.DecidedUs > 0 && row.DurableUs >= row.DecidedUs);
            log.Dispose();
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_killed_silo_owes_its_partitions_records_from_the_committed_offset_and_they_count_until_a_survivor_decides_them()
    {
        // Six transactions of two cards: each card's records sit in its partition in id order.
        var partitionA = Fraud.Orleans.Ingest.CardPartitioner.PartitionOf("card-a", 8);
        var cardB = Enumerable.Range(0, 100).Select(i => $"card-{i}").First(c => Fraud.Orleans.Ingest.CardPartitioner.PartitionOf(c, 8) != partitionA);
        var cards = new[] { "card-a", cardB };
        var sent = Enumerable.Range(0, 6).Select(i => new Transaction(i, cards[i % 2], 1, 10, 0)).ToList();

        // The killed silo owned card a's partition, committed to offset 1 (ids 0 done; 2 and 4 owed).
        var owed = ReplayOwed.Of(sent, 8, [partitionA], new Dictionary<int, long> { [partitionA] = 1 });
        var nothingCommitted = ReplayOwed.Of(sent, 8, [partitionA], new Dictionary<int, long> { [partitionA] = -1001 });

        Assert.Equal([2L, 4L], owed);
        Assert.Equal([0L, 2L, 4L], nothingCommitted);
        LatencyRow[] survivor = [new(2, 0, 5, 6, 1), new(3, 0, 5, 6, 1), new(4, 0, -1, -1, 0)];
        Assert.Equal(1, ReplayOwed.Left(owed, [survivor], sent: 6));
        Assert.Equal(0, ReplayOwed.Left(owed, [survivor, [new LatencyRow(4, 0, 5, 6, 1)]], sent: 6));
    }
}
