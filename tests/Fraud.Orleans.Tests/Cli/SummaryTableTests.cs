using Fraud.Orleans.Cli;

namespace Fraud.Orleans.Tests.Cli;

/// <summary>Summaries in logs and CI: the table's rows as aligned plain lines, values right-aligned under their column.</summary>
public sealed class SummaryTableTests
{
    [Fact]
    public void Plain_output_aligns_names_left_and_values_right_under_their_header()
    {
        var output = new StringWriter();
        new SummaryTable("Summary: 2,000 tx/s", "", "silo", "python peer")
            .Row("lost", "0", "12")
            .Row("worker CPU / event (µs)", "43.9", "251.7")
            .Note("peer/silo CPU per event 5.74×")
            .Write(output);

        var lines = output.ToString().Split(Environment.NewLine);
        Assert.Equal(["", "Summary: 2,000 tx/s",
            "                           silo  python peer",
            "  lost                        0           12",
            "  worker CPU / event (µs)  43.9        251.7",
            "  peer/silo CPU per event 5.74×", ""], lines);
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_cells_is_refused()
    {
        var table = new SummaryTable("t", "", "silo");
        Assert.Throws<ArgumentException>(() => table.Row("lost", "0", "1"));
    }
}
