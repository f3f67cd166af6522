using Fraud.Orleans.Cli;
using Fraud.Orleans.Cli.Evaluate;
using Fraud.Orleans.Cli.Scores;
using Fraud.Orleans.Tests.Support;

namespace Fraud.Orleans.Tests.Cli;

/// <summary>Bad input to <c>fraud evaluate</c> is refused with a reason that names the problem.</summary>
public sealed class EvaluateInputTests : IDisposable
{
    private readonly TempFolder _folder = new("evaluate-");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_scores_file_round_trips_through_its_reader()
    {
        var path = Write(ScoresCsv.Header, "5,596,2018-04-01 00:00:31,0.012345678901234568,APPROVE", "", "7,4961,2018-04-01 00:02:10,1,BLOCK");

        var rows = ScoresCsvReader.Read(path);

        Assert.Equal(2, rows.Count);
        Assert.Equal(new ScoreRow(5, 596, 1_522_540_831_000, 0.012345678901234568, 2), rows[5]);
        Assert.Equal(1.0, rows[7].Score);
    }

    [Fact]
    public void A_missing_scores_file_is_named()
    {
        var error = Assert.Throws<FileNotFoundException>(() => ScoresCsvReader.Read(_folder.File("nope.csv")));

        Assert.Contains("nope.csv", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_header_is_shown()
    {
        var error = Assert.Throws<InvalidDataException>(() => ScoresCsvReader.Read(Write("TRANSACTION_ID,score")));

        Assert.Contains("line 1: expected the header", error.Message, StringComparison.Ordinal);
        Assert.Contains("'TRANSACTION_ID,score'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x,596,2018-04-01 00:00:31,0.5,APPROVE")]
    [InlineData("5,596,2018-04-01T00:00:31,0.5,APPROVE")]
    [InlineData("5,596,2018-04-01 00:00:31,NaN,APPROVE")]
    [InlineData("5,596,2018-04-01 00:00:31,0.5")]
    public void An_unparsable_row_is_reported_with_its_line(string row)
    {
        var error = Assert.Throws<InvalidDataException>(() => ScoresCsvReader.Read(Write(ScoresCsv.Header, "1,2,2018-04-01 00:00:00,0.1,APPROVE", row)));

        Assert.Contains("line 3:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_transaction_scored_twice_names_both_lines()
    {
        var error = Assert.Throws<InvalidDataException>(() => ScoresCsvReader.Read(
            Write(ScoresCsv.Header, "1,2,2018-04-01 00:00:00,0.1,APPROVE", "1,2,2018-04-01 00:00:00,0.2,APPROVE")));

        Assert.Contains("line 3: TRANSACTION_ID 1 was already on line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_report_every_problem_at_once()
    {
        var args = CliCommands.Parse("evaluate", "--scores", _folder.File("none.csv"), "--from", "2018-07-31", "--to", "2018-07-18", "--top-k", "0", "--bogus");

        var options = EvaluateOptions.Parse(args, out var errors);

        Assert.Null(options);
        Assert.Contains(errors, e => e.Contains("'--bogus'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("--top-k must be a number", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("--scores '", StringComparison.Ordinal) && e.EndsWith("does not exist", StringComparison.Ordinal));
        Assert.Contains("--labels is required", errors);
        Assert.Contains("--from 2018-07-31 is after --to 2018-07-18", errors);
        Assert.Equal(5, errors.Count);
    }

    [Fact]
    public void Dates_must_be_whole_days()
    {
        var scores = Write(ScoresCsv.Header);
        var args = CliCommands.Parse("evaluate", "--scores", scores, "--labels", scores, "--from", "18/07/2018", "--to", "2018-07-31");

        Assert.Null(EvaluateOptions.Parse(args, out var errors));
        Assert.Equal(["--from must be a date yyyy-MM-dd (got '18/07/2018')"], errors);
    }

    private string Write(params string[] lines)
    {
        var path = _folder.File($"scores-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        return path;
    }
}
