using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Grains.Terminals;

namespace Fraud.Orleans.Tests.Terminals;

/// <summary>Terminal risk through the label delay, on hand-computed histories.</summary>
public sealed class TerminalGrainTests
{
    private static readonly long T0 = new DateTimeOffset(2018, 5, 1, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private const long Day = 86_400_000;

    private readonly TerminalGrain _terminal = new(42, new TerminalRiskOptions { MaxScoringLag = TimeSpan.Zero }, TimeSpan.FromDays(1));

    [Fact]
    public void Windows_end_at_the_label_delay_and_their_lower_bounds_are_open()
    {
        _terminal.RecordTransaction(1, T0 - 7 * Day);          // at t - 7 days exactly: in every window
        _terminal.RecordTransaction(2, T0 - 7 * Day + 1);      // inside the delay: in none
        _terminal.RecordTransaction(3, T0 - 8 * Day);          // at t - 8 days exactly: out of the 1-day window
        _terminal.RecordTransaction(4, T0 - 10 * Day);
        _terminal.RecordTransaction(5, T0 - 30 * Day);
        _terminal.RecordTransaction(6, T0 - 37 * Day);         // at t - 37 days exactly: out of the 30-day window
        _terminal.RecordFraud(1, T0 - 7 * Day);
        _terminal.RecordFraud(4, T0 - 10 * Day);

        var risk = _terminal.GetRisk(T0);

        Assert.Equal(new TerminalRisk(1, 1, 3, 2, 4, 2), risk);
        Assert.Equal(1.0, risk.Risk1Day);
        Assert.Equal(2.0 / 3, risk.Risk7Days);
        Assert.Equal(0.5, risk.Risk30Days);
    }

    [Fact]
    public void Empty_windows_have_no_risk()
    {
        _terminal.RecordTransaction(1, T0 - Day);

        Assert.Equal(default, _terminal.GetRisk(T0));
        Assert.Equal(0, _terminal.GetRisk(T0).Risk30Days);
    }

    [Fact]
    public void A_label_may_arrive_before_its_transaction_and_duplicates_count_once()
    {
        Assert.True(_terminal.RecordFraud(1, T0 - 9 * Day));
        Assert.False(_terminal.RecordFraud(1, T0 - 9 * Day));
        Assert.True(_terminal.RecordTransaction(1, T0 - 9 * Day));
        Assert.False(_terminal.RecordTransaction(1, T0 - 9 * Day));
        Assert.True(_terminal.RecordTransaction(2, T0 - 9 * Day)); // same instant, another transaction

        Assert.Equal(new TerminalRisk(0, 0, 2, 1, 2, 1), _terminal.GetRisk(T0));
    }

    [Fact]
    public void History_is_kept_for_transactions_scored_behind_the_feed()
    {
        var lagging = new TerminalGrain(42, new TerminalRiskOptions { MaxScoringLag = TimeSpan.FromDays(10) }, TimeSpan.FromDays(1));
        lagging.RecordTransaction(1, T0);
        lagging.RecordTransaction(2, T0 + (47 * Day)); // the feed is 47 days on; a card 10 days behind it still needs T0

        Assert.Equal(2, lagging.Transactions);
        Assert.Equal(1, lagging.GetRisk(T0 + (36 * Day)).Count30Days);
    }

    [Fact]
    public void History_beyond_delay_plus_window_plus_lateness_is_dropped()
    {
        // 7 days of delay + 30 of window + 1 of lateness: a transaction at T0 + 38 days (or a late one a day
        // before) has its 30-day window open at T0 or later.
        _terminal.RecordTransaction(1, T0);
        _terminal.RecordTransaction(2, T0 + (38 * Day) - 1);
        Assert.Equal(2, _terminal.Transactions);

        _terminal.RecordTransaction(3, T0 + (38 * Day));

        Assert.Equal(2, _terminal.Transactions);
        Assert.Equal(2, _terminal.GetRisk(T0 + (45 * Day)).Count30Days);
        Assert.True(_terminal.Covers(T0 + (37 * Day)));
        Assert.False(_terminal.Covers(T0 + (37 * Day) - 1)); // its 30-day window would need what was dropped
    }
}
