using Fraud.Orleans.Cli.Hosting;
using Fraud.Orleans.Cli.Scores;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Simulator;
using Fraud.Orleans.Tests.Support;

namespace Fraud.Orleans.Tests.Cli;

/// <summary>scores.csv as <c>fraud replay</c> writes it and <c>fraud evaluate</c> reads it.</summary>
public sealed class ScoresCsvTests : IDisposable
{
    private static readonly long StartMs = new DateTimeOffset(2018, 4, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private readonly TempFolder _folder = new("scores-");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Rows_are_written_by_transaction_id_with_round_trip_scores_and_the_unscored_left_out()
    {
        SimulatedTransaction[] rows = [Row(7, "4961", 130_000), Row(5, "596", 31_000), Row(6, "2", 476_000)];
        var scores = new Dictionary<long, StoredScore>
        {
            [5] = new(5, 0.1 + 0.2, "APPROVE"),
            [7] = new(7, 1, "BLOCK"),
        };
        var path = _folder.File("scores.csv");

        var missing = ScoresCsvWriter.Write(path, rows, scores);

        Assert.Equal([6L], missing);
        Assert.Equal(
            ScoresCsv.Header + "\n"
            + "5,596,2018-04-01 00:00:31,0.30000000000000004,APPROVE\n"
            + "7,4961,2018-04-01 00:02:10,1,BLOCK\n",
            File.ReadAllText(path));
        var read = ScoresCsvReader.Read(path);
        Assert.Equal(new ScoreRow(5, 596, StartMs + 31_000, 0.1 + 0.2, 2), read[5]);
        Assert.Equal(new ScoreRow(7, 4961, StartMs + 130_000, 1, 3), read[7]);
    }

    [Fact]
    public void A_challenger_score_on_every_signal_adds_its_column_and_reads_back()
    {
        SimulatedTransaction[] rows = [Row(5, "596", 31_000), Row(6, "2", 476_000)];
        var scores = new Dictionary<long, StoredScore>
        {
            [5] = new(5, 0.25, "APPROVE", 0.125),
            [6] = new(6, 0.5, "BLOCK", 0.75),
        };
        var path = _folder.File("challenger.csv");

        ScoresCsvWriter.Write(path, rows, scores);

        Assert.Equal(
            ScoresCsv.HeaderWithChallenger + "\n"
            + "5,596,2018-04-01 00:00:31,0.25,APPROVE,0.125\n"
            + "6,2,2018-04-01 00:07:56,0.5,BLOCK,0.75\n",
            File.ReadAllText(path));
        var read = ScoresCsvReader.Read(path);
        Assert.Equal(new ScoreRow(5, 596, StartMs + 31_000, 0.25, 2, 0.125), read[5]);
        Assert.Equal(0.75, read[6].ChallengerScore);
    }

    [Fact]
    public void A_challenger_column_without_a_number_names_its_line()
    {
        var path = _folder.File("bad-challenger.csv");
        File.WriteAllText(path, ScoresCsv.HeaderWithChallenger + "\n1,2,2018-04-01 00:00:00,0.1,APPROVE,0.2\n2,2,2018-04-01 00:00:00,0.2,APPROVE,NaN\n");

        var error = Assert.Throws<InvalidDataException>(() => ScoresCsvReader.Read(path));

        Assert.Contains("line 3: '2,2,2018-04-01 00:00:00,0.2,APPROVE,NaN' is not", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Line_numbers_count_blank_lines()
    {
        var path = _folder.File("blank.csv");
        File.WriteAllText(path, ScoresCsv.Header + "\n1,2,2018-04-01 00:00:00,0.1,APPROVE\n\n\n2,2,2018-04-01 00:00:00,0.2,APPROVE\n3,2,2018-04-01 00:00:00,x,APPROVE\n");

        var error = Assert.Throws<InvalidDataException>(() => ScoresCsvReader.Read(path));

        Assert.Contains("line 6: '3,2,2018-04-01 00:00:00,x,APPROVE' is not", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_is_reported_as_a_missing_header()
    {
        var path = _folder.File("empty.csv");
        File.WriteAllText(path, "");

        var error = Assert.Throws<InvalidDataException>(() => ScoresCsvReader.Read(path));

        Assert.Contains("line 1: expected the header", error.Message, StringComparison.Ordinal);
    }

    private static SimulatedTransaction Row(long id, string card, long offsetMs) =>
        new(new Transaction(id, card, 1, 100, StartMs + offsetMs), false, 0);
}
