using Fraud.Orleans.Cli;
using Fraud.Orleans.Cli.Evaluate;
using Fraud.Orleans.Cli.Scores;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Simulator;
using Fraud.Orleans.Tests.Support;

namespace Fraud.Orleans.Tests.Cli;

public sealed class WindowEvaluationTests
{
    private static readonly DateOnly July1 = new(2018, 7, 1);

    [Fact]
    public void A_card_with_a_fraud_8_days_before_is_left_out_and_only_from_then_on()
    {
        var history = new List<SimulatedTransaction>
        {
            Row(1, card: 10, July1, fraud: true),               // card 10 known compromised from July 9 on
            Row(2, card: 10, July1.AddDays(8 - 1), fraud: false), // July 8: kept (7 days after)
            Row(3, card: 10, July1.AddDays(8), fraud: true),      // July 9: removed
            Row(4, card: 10, July1.AddDays(9), fraud: false),     // July 10: removed
            Row(5, card: 20, July1.AddDays(8), fraud: true),      // kept: card 20's only fraud is this one
            Row(6, card: 30, July1.AddDays(9), fraud: false),
            Row(7, card: 30, July1.AddDays(20), fraud: false),    // outside the window: needs no score
        };
        var scores = Scores(history.Where(r => r.Transaction.TransactionId != 7), id => id * 0.1);

        var report = WindowEvaluation.Evaluate(history, scores, Options(July1.AddDays(7), July1.AddDays(9)));

        Assert.Equal(5, report.Rows); // ids 2..6
        Assert.Equal(2, report.RemovedKnownCompromised);
        Assert.Equal(1, report.CardsRemovedKnown);
        Assert.Equal(3, report.RowsScored);
        Assert.Equal(1, report.FraudsScored);

        // Kept: 2 (0.2, genuine), 5 (0.5, fraud), 6 (0.6, genuine): the fraud beats one of two genuine.
        Assert.Equal(0.5, report.Auc, 15);
        Assert.Equal(0.5, report.AveragePrecision, 15);

        // Day July 8: card 10 alone, genuine -> 0. Day July 9: cards 20 (fraud) -> 1/100; day July 10: card 30 -> 0.
        Assert.Equal([0.0, 0.01, 0.0], report.DailyCardPrecision);
    }

    [Fact]
    public void Known_from_counts_only_frauds_from_that_day_on()
    {
        var history = new List<SimulatedTransaction>
        {
            Row(1, card: 10, July1, fraud: true),
            Row(2, card: 10, July1.AddDays(9), fraud: false),
        };
        var options = Options(July1.AddDays(9), July1.AddDays(9)) with { KnownFrom = July1.AddDays(1) };

        var report = WindowEvaluation.Evaluate(history, Scores(history, _ => 0.5), options);

        Assert.Equal(0, report.RemovedKnownCompromised);
    }

    [Fact]
    public void By_default_only_frauds_from_14_days_before_the_window_count_and_all_counts_every_one()
    {
        var window = July1.AddDays(20);
        var history = new List<SimulatedTransaction>
        {
            Row(1, card: 10, window.AddDays(-15), fraud: true), // before the default known-from day
            Row(2, card: 20, window.AddDays(-14), fraud: true), // on it
            Row(3, card: 10, window, fraud: false),
            Row(4, card: 20, window, fraud: false),
            Row(5, card: 30, window, fraud: true),
        };
        var scores = Scores(history, id => id * 0.1);

        var byDefault = WindowEvaluation.Evaluate(history, scores, Options(window, window));
        var whole = WindowEvaluation.Evaluate(history, scores, Options(window, window) with { KnownFrom = DateOnly.MinValue });

        Assert.Equal("2018-07-07", byDefault.KnownFrom);
        Assert.Equal(1, byDefault.RemovedKnownCompromised); // card 20 only
        Assert.Equal("all", whole.KnownFrom);
        Assert.Equal(2, whole.RemovedKnownCompromised);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("2018-07-04", "2018-07-04")]
    [InlineData("all", "0001-01-01")]
    public void Known_from_parses_a_day_or_all_and_defaults_to_none(string? value, string? expected)
    {
        using var folder = new TempFolder("known-from-");
        var file = folder.File("any.csv");
        File.WriteAllText(file, "");
        string[] args = ["--scores", file, "--labels", file, "--from", "2018-07-18", "--to", "2018-07-31"];

        var options = EvaluateOptions.Parse(CliCommands.Parse("evaluate", value is null ? args : [.. args, "--known-from", value]), out var errors);

        Assert.Empty(errors);
        Assert.Equal(expected, options!.KnownFrom?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected is null ? new DateOnly(2018, 7, 4) : options.KnownFrom, options.EffectiveKnownFrom);
    }

    [Fact]
    public void Scores_lacking_transactions_of_the_window_are_an_error_with_counts()
    {
        var history = Enumerable.Range(1, 8).Select(i => Row(i, card: i, July1, fraud: i == 1)).ToList();
        var scores = Scores(history.Take(2), _ => 0.5);

        var error = Assert.Throws<InvalidDataException>(() => WindowEvaluation.Evaluate(history, scores, Options(July1, July1)));

        Assert.Contains("6 of its 8 transactions have no score (3, 4, 5, 6, 7, ...)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scores_of_another_file_are_an_error()
    {
        var history = new List<SimulatedTransaction> { Row(1, card: 10, July1, fraud: true), Row(2, card: 11, July1, fraud: false) };
        var scores = Scores(history, _ => 0.5);
        scores[2] = scores[2] with { CustomerId = 99 };

        var error = Assert.Throws<InvalidDataException>(() => WindowEvaluation.Evaluate(history, scores, Options(July1, July1)));

        Assert.Contains("1 have a CUSTOMER_ID or TX_DATETIME other than the labels file's (2)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_window_without_transactions_is_an_error()
    {
        var history = new List<SimulatedTransaction> { Row(1, card: 10, July1, fraud: true) };

        Assert.Throws<InvalidDataException>(() => WindowEvaluation.Evaluate(history, Scores(history, _ => 0.5), Options(July1.AddDays(1), July1.AddDays(2))));
    }

    private static SimulatedTransaction Row(long id, long card, DateOnly day, bool fraud) =>
        new(new Transaction(id, card.ToString(System.Globalization.CultureInfo.InvariantCulture), 1, 100,
            new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero).ToUnixTimeMilliseconds()), fraud, fraud ? 1 : 0);

    private static Dictionary<long, ScoreRow> Scores(IEnumerable<SimulatedTransaction> rows, Func<long, double> score) =>
        rows.ToDictionary(r => r.Transaction.TransactionId, r => new ScoreRow(
            r.Transaction.TransactionId, long.Parse(r.Transaction.CardId, System.Globalization.CultureInfo.InvariantCulture),
            r.Transaction.EventTimeMs, score(r.Transaction.TransactionId), 0));

    private static EvaluateOptions Options(DateOnly from, DateOnly to) => new() { Scores = "", Labels = "", From = from, To = to };
}
