using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Grains.Terminals;

namespace Fraud.Orleans.Tests.Terminals;

/// <summary>Terminal risk and fraud run through the label delay, on hand-computed histories.</summary>
public sealed class TerminalGrainTests
{
    private static readonly long T0 = new DateTimeOffset(2018, 5, 1, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private const long Hour = 3_600_000;
    private const long Day = 24 * Hour;

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

        // Labelled, newest first: 1 (fraud), 3 (genuine), ...: a run of one, 7 days old; the genuine one 8 days old.
        Assert.Equal(new TerminalRisk(1, 1, 3, 2, 4, 2, new TerminalRun(7, 8, 1, 8 * 86_400)), risk);
        Assert.Equal(1.0, risk.Risk1Day);
        Assert.Equal(2.0 / 3, risk.Risk7Days);
        Assert.Equal(0.5, risk.Risk30Days);
    }

    [Fact]
    public void Empty_windows_have_no_risk()
    {
        _terminal.RecordTransaction(1, T0 - Day);

        Assert.Equal(TerminalRisk.None, _terminal.GetRisk(T0));
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

        // Same instant: id order, so the genuine 2 is the newest labelled one and there is no run.
        Assert.Equal(new TerminalRisk(0, 0, 2, 1, 2, 1, new TerminalRun(TerminalRun.NoAge, 9, 0, 9 * 86_400)), _terminal.GetRisk(T0));
    }

    [Fact]
    public void History_is_kept_for_transactions_scored_behind_the_feed()
    {
        var lagging = new TerminalGrain(42, new TerminalRiskOptions { MaxScoringLag = TimeSpan.FromDays(10) }, TimeSpan.FromDays(1));
        lagging.RecordTransaction(1, T0);
        lagging.RecordTransaction(2, T0 + (77 * Day) - 1); // the feed is 77 days on; a card 10 days behind it still needs T0

        Assert.Equal(2, lagging.Transactions);
        Assert.Equal(66, lagging.GetRisk(T0 + (66 * Day)).Run.GenuineAgeDays);
        Assert.Equal(TerminalRun.NoAge, lagging.GetRisk(T0 + (66 * Day)).Run.LastGenuineAgeSeconds); // beyond 60 days
    }

    [Fact]
    public void History_beyond_delay_plus_look_back_plus_lateness_is_dropped()
    {
        // 7 days of delay + 60 of look-back + 1 of lateness: a transaction at T0 + 68 days (or a late one a day
        // before) reads its labelled history after T0.
        _terminal.RecordTransaction(1, T0);
        _terminal.RecordTransaction(2, T0 + (68 * Day) - 1);
        Assert.Equal(2, _terminal.Transactions);

        _terminal.RecordTransaction(3, T0 + (68 * Day));

        Assert.Equal(2, _terminal.Transactions);
        Assert.Equal(2, _terminal.GetRisk(T0 + (75 * Day)).Count30Days);
        Assert.True(_terminal.Covers(T0 + (67 * Day)));
        Assert.False(_terminal.Covers(T0 + (67 * Day) - 1)); // its look-back would need what was dropped
    }

    [Fact]
    public void The_run_is_the_trailing_frauds_of_the_labelled_history_aged_in_calendar_days()
    {
        var t = T0 - (11 * Hour) - (Hour / 2); // 00:30
        Genuine(1, t - (40 * Day));
        Fraud(2, t - (30 * Day));
        Genuine(3, t - (25 * Day));
        Fraud(4, t - (19 * Day) - Hour); // 23:30: 19 days and an hour back, 20 by the calendar
        Fraud(5, t - (10 * Day));
        Fraud(6, t - (8 * Day));
        Fraud(7, t - (6 * Day)); // inside the label delay: not labelled yet

        Assert.Equal(new TerminalRun(20, 25, 3, 25 * 86_400), _terminal.GetRisk(t).Run);
    }

    [Fact]
    public void A_genuine_newest_labelled_transaction_means_no_run()
    {
        Fraud(1, T0 - (20 * Day));
        Genuine(2, T0 - (9 * Day) - Hour);

        Assert.Equal(new TerminalRun(TerminalRun.NoAge, 9, 0, (9 * 86_400) + 3_600), _terminal.GetRisk(T0).Run);
    }

    [Fact]
    public void Labelled_history_reaches_60_days_back_from_the_label_delay()
    {
        Genuine(1, T0 - (67 * Day));  // exactly t - 67 days: out (the lower bound is open)
        Fraud(2, T0 - (67 * Day) + 1);
        Fraud(3, T0 - (40 * Day));
        Fraud(4, T0 - (7 * Day));     // exactly t - 7 days: in

        // Every labelled transaction is a fraud: the run starts at the earliest of them; no genuine one is labelled.
        Assert.Equal(new TerminalRun(67, TerminalRun.NoAge, 3, TerminalRun.NoAge), _terminal.GetRisk(T0).Run);
    }

    [Fact]
    public void A_label_without_its_transaction_is_not_part_of_a_run()
    {
        Genuine(1, T0 - (9 * Day));
        _terminal.RecordFraud(2, T0 - (8 * Day)); // the activity record has not arrived

        Assert.Equal(new TerminalRun(TerminalRun.NoAge, 9, 0, 9 * 86_400), _terminal.GetRisk(T0).Run);
    }

    private void Genuine(long id, long timeMs) => _terminal.RecordTransaction(id, timeMs);

    private void Fraud(long id, long timeMs)
    {
        _terminal.RecordTransaction(id, timeMs);
        _terminal.RecordFraud(id, timeMs);
    }
}
