using Fraud.Orleans.Cli.Bench;

namespace Fraud.Orleans.Tests.Cli;

/// <summary>The per-silo figures of a run with several silo workers, from their status lines.</summary>
public sealed class SiloSpreadTests
{
    [Fact]
    public void Each_silo_reports_its_peak_active_cards_its_last_partitions_and_its_peak_memory()
    {
        var first = WorkerStatus.Parse("""@status {"ready":true,"decided":10,"durable":9,"time_ms":1,"partitions":[0,1],"cards_active":120}""")!;
        var later = first with { CardsActive = 80, Partitions = [0, 1, 2] };
        var other = WorkerStatus.Parse("""@status {"ready":true,"decided":10,"durable":9,"time_ms":1}""")!;
        var each = new List<(string, IReadOnlyCollection<WorkerSample>)>
        {
            ("silo-1", [Sample(first), Sample(later)]),
            ("silo-2", [Sample(other)]),
        };

        var spread = SiloSpread.Of(each, [("silo-1", later), ("silo-2", other)], [512.04, double.NaN]);

        Assert.Equal(120, first.CardsActive);
        Assert.Equal(0, other.CardsActive); // a peer, or a silo before this field
        Assert.Equal(("silo-1", 120, 512.0), (spread[0].Silo, spread[0].PeakCardsActive, spread[0].PeakRssMb));
        Assert.Equal([0, 1, 2], spread[0].Partitions);
        Assert.Equal(0, spread[1].PeakCardsActive);
        Assert.Empty(spread[1].Partitions);
    }

    private static WorkerSample Sample(WorkerStatus status) => new(0, 0, status, 0, 0, 0);
}
