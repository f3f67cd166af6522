using Fraud.Orleans.Cli.Replay;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Simulator;
using Fraud.Orleans.Tests.Support;

namespace Fraud.Orleans.Tests.Cli;

public sealed class ReplayScheduleTests
{
    private const long Minute = 60_000;
    private static readonly long Start = new DateTimeOffset(2018, 4, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    [Fact]
    public void Labels_follow_their_transaction_by_the_delay_and_each_watermark_follows_the_labels_it_promises()
    {
        SimulatedTransaction[] rows =
        [
            Row(0, 1, fraud: true),   // label due at minute 21
            Row(1, 10, fraud: false),
            Row(2, 16, fraud: true),  // label due at minute 36
            Row(3, 22, fraud: false),
            Row(4, 40, fraud: false),
        ];

        var steps = ReplaySchedule.Of(rows, TimeSpan.FromMinutes(20)).ToList();

        Assert.Equal(
        [
            ReplayStep.Watermark(Start - (20 * Minute)), // boundary 00:00 crossed: complete through 00:00 - delay
            ReplayStep.Transaction(0),
            ReplayStep.Transaction(1),
            ReplayStep.Watermark(Start - (5 * Minute)),  // boundary 00:15
            ReplayStep.Transaction(2),
            ReplayStep.Label(0),                         // due 00:21, before the 00:22 transaction
            ReplayStep.Transaction(3),
            ReplayStep.Watermark(Start + (10 * Minute)), // boundary 00:30 (row 2's label is due only at 00:36)
            ReplayStep.Label(2),
            ReplayStep.Transaction(4),
            ReplayStep.Watermark(Start + (20 * Minute)), // the end: last event time - delay
        ], steps);
    }

    [Fact]
    public void Labels_due_after_the_last_transaction_are_not_published()
    {
        SimulatedTransaction[] rows = [Row(0, 0, fraud: true), Row(1, 5, fraud: true)];

        var steps = ReplaySchedule.Of(rows, TimeSpan.FromDays(7)).ToList();

        Assert.DoesNotContain(steps, s => s.Kind == ReplayStepKind.Label);
        Assert.Equal(ReplayStep.Watermark(Start + (5 * Minute) - (7 * 1440 * Minute)), steps[^1]);
    }

    [Fact]
    public void Every_transaction_appears_once_in_order_and_every_due_label_once()
    {
        var rows = TransactionSimulator.Generate(new SimulatorOptions { Customers = 300, Terminals = 600, Days = 20, Seed = 3 }).ToArray();
        var delay = TimeSpan.FromDays(2);

        var steps = ReplaySchedule.Of(rows, delay).ToList();

        Assert.Equal(Enumerable.Range(0, rows.Length), steps.Where(s => s.Kind == ReplayStepKind.Transaction).Select(s => s.Row));
        var due = Enumerable.Range(0, rows.Length)
            .Where(i => rows[i].IsFraud && rows[i].Transaction.EventTimeMs + (long)delay.TotalMilliseconds <= rows[^1].Transaction.EventTimeMs);
        Assert.Equal(due, steps.Where(s => s.Kind == ReplayStepKind.Label).Select(s => s.Row));
        Assert.NotEmpty(due);

        // Each watermark W: every label of a transaction at or before W is already published.
        var published = new HashSet<int>();
        foreach (var step in steps)
        {
            if (step.Kind == ReplayStepKind.Label)
            {
                published.Add(step.Row);
            }
            else if (step.Kind == ReplayStepKind.Watermark)
            {
                var owed = Enumerable.Range(0, rows.Length).Where(i => rows[i].IsFraud && rows[i].Transaction.EventTimeMs <= step.CompleteThroughMs);
                Assert.All(owed, i => Assert.Contains(i, published));
            }
        }
    }

    [Fact]
    public void An_unordered_file_is_sorted_by_time_then_id_and_repeated_ids_are_counted()
    {
        using var folder = new TempFolder("replay-input-");
        var path = folder.File("unordered.csv");
        HandbookCsv.Write(path, [Row(5, 10, false), Row(3, 2, false), Row(4, 2, true), Row(3, 20, false)]);

        var input = ReplayInput.Load(path);

        Assert.False(input.WasInOrder);
        Assert.Equal([3L, 4, 5, 3], input.Rows.Select(r => r.Transaction.TransactionId));
        Assert.Equal(1, input.DuplicateIds);
        Assert.Equal(1, input.Frauds);
    }

    private static SimulatedTransaction Row(long id, int minute, bool fraud) =>
        new(new Transaction(id, "7", 9, 1_00, Start + (minute * Minute)), fraud, fraud ? 2 : 0);
}
