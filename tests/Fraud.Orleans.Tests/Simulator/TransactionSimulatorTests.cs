using Fraud.Orleans.Simulator;

namespace Fraud.Orleans.Tests.Simulator;

/// <summary>One short run (30 days, 1,000 customers), shared by the tests that only read it.</summary>
public sealed class ShortRunFixture
{
    public static readonly SimulatorOptions Options = new() { Customers = 1000, Days = 30 };

    public ShortRunFixture()
    {
        Simulator = new TransactionSimulator(Options);
        Transactions = Simulator.Generate().ToList();
    }

    public TransactionSimulator Simulator { get; }

    public List<SimulatedTransaction> Transactions { get; }
}

public sealed class TransactionSimulatorTests(ShortRunFixture run) : IClassFixture<ShortRunFixture>
{
    private const long MsPerDay = 86_400_000;
    private static readonly long StartMs = new DateTimeOffset(2018, 4, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    [Fact]
    public void Profiles_follow_the_handbook_distributions()
    {
        var customers = run.Simulator.Customers;
        Assert.Equal(1000, customers.Count);
        Assert.All(customers, c =>
        {
            Assert.InRange(c.X, 0, 100);
            Assert.InRange(c.Y, 0, 100);
            Assert.InRange(c.MeanAmount, 5, 100);
            Assert.Equal(c.MeanAmount / 2, c.StdAmount);
            Assert.InRange(c.MeanTransactionsPerDay, 0, 4);
        });
        Assert.InRange(customers.Average(c => c.MeanAmount), 47.5, 57.5);
        Assert.InRange(customers.Average(c => c.MeanTransactionsPerDay), 1.8, 2.2);

        Assert.Equal(10000, run.Simulator.Terminals.Count);
        Assert.All(run.Simulator.Terminals, t =>
        {
            Assert.InRange(t.X, 0, 100);
            Assert.InRange(t.Y, 0, 100);
        });

        // pi * 5^2 = 78.5 terminals per customer away from the edges, a little less near them (the handbook: about 75).
        Assert.InRange(customers.Average(c => c.AvailableTerminals.Count), 65, 82);
    }

    [Fact]
    public void Available_terminals_are_exactly_those_within_the_radius()
    {
        var simulator = new TransactionSimulator(new SimulatorOptions { Customers = 300, Terminals = 2000, Radius = 7.3, Days = 1 });

        foreach (var customer in simulator.Customers)
        {
            var expected = simulator.Terminals
                .Where(t => Math.Sqrt(Math.Pow(t.X - customer.X, 2) + Math.Pow(t.Y - customer.Y, 2)) < 7.3)
                .Select(t => t.TerminalId)
                .ToList();
            Assert.Equal(expected, customer.AvailableTerminals);
        }
    }

    [Fact]
    public void A_large_radius_gives_every_terminal_to_every_customer()
    {
        var simulator = new TransactionSimulator(new SimulatorOptions { Customers = 5, Terminals = 50, Radius = 1000, Days = 1 });

        Assert.All(simulator.Customers, c => Assert.Equal(Enumerable.Range(0, 50), c.AvailableTerminals));
    }

    [Fact]
    public void Short_run_volume_and_fraud_rate_are_in_the_expected_range()
    {
        var transactions = run.Transactions;

        // 1,000 customers x 2 per day x 97% kept inside the day: ~1,940 per day.
        Assert.InRange(transactions.Count / 30.0, 1750, 2150);

        var fraudRate = transactions.Count(t => t.IsFraud) / (double)transactions.Count;
        Assert.InRange(fraudRate, 0.003, 0.03);
        Assert.All(transactions, t => Assert.Equal(t.Scenario != 0, t.IsFraud));
        Assert.All(transactions, t => Assert.InRange(t.Scenario, 0, 3));
    }

    [Fact]
    public void Default_options_make_about_9600_transactions_a_day()
    {
        var transactions = TransactionSimulator.Generate(new SimulatorOptions { Days = 3 }).ToList();

        Assert.InRange(transactions.Count / 3.0, 9300, 10000);
        Assert.All(transactions, t => Assert.InRange(int.Parse(t.Transaction.CardId, System.Globalization.CultureInfo.InvariantCulture), 0, 4999));
        Assert.All(transactions, t => Assert.InRange(t.Transaction.TerminalId, 0, 9999));
    }

    [Fact]
    public void Transactions_are_in_event_time_order_with_consecutive_ids_inside_the_run()
    {
        var transactions = run.Transactions;

        for (var i = 0; i < transactions.Count; i++)
        {
            var tx = transactions[i].Transaction;
            Assert.Equal(i, tx.TransactionId);
            Assert.InRange(tx.EventTimeMs, StartMs + 1000, StartMs + (30 * MsPerDay) - 1000);
            Assert.Equal(0, tx.EventTimeMs % 1000); // whole seconds, like the handbook
            if (i > 0)
            {
                Assert.True(tx.EventTimeMs >= transactions[i - 1].Transaction.EventTimeMs, $"transaction {i} goes back in time");
            }
        }

        // Every day has transactions, none at midnight exactly (times are kept inside (0, 86400)).
        var days = transactions.Select(t => (t.Transaction.EventTimeMs - StartMs) / MsPerDay).Distinct().Count();
        Assert.Equal(30, days);
        Assert.DoesNotContain(transactions, t => (t.Transaction.EventTimeMs - StartMs) % MsPerDay == 0);
    }

    [Fact]
    public void Times_of_day_center_on_noon()
    {
        var secondsOfDay = run.Transactions.Select(t => (t.Transaction.EventTimeMs - StartMs) % MsPerDay / 1000.0).ToList();
        var mean = secondsOfDay.Average();
        var std = Math.Sqrt(secondsOfDay.Average(s => (s - mean) * (s - mean)));

        Assert.InRange(mean, 42_700, 43_700);
        Assert.InRange(std, 17_500, 20_000); // N(43200, 20000) cut at 0 and 86400
    }

    [Fact]
    public void Amounts_follow_each_customer_profile()
    {
        var customers = run.Simulator.Customers;
        var genuine = run.Transactions.Where(t => t.Scenario != 3).ToList();

        Assert.All(genuine, t => Assert.True(t.Transaction.AmountMinor >= 0));
        var ratio = genuine.Average(t => t.Transaction.AmountMinor / 100.0 / customers[int.Parse(t.Transaction.CardId, System.Globalization.CultureInfo.InvariantCulture)].MeanAmount);
        Assert.InRange(ratio, 0.97, 1.05);
    }

    [Fact]
    public void Card_ids_are_customer_ids_with_one_string_instance_per_customer()
    {
        var byCard = run.Transactions.GroupBy(t => t.Transaction.CardId);
        foreach (var group in byCard)
        {
            var customerId = int.Parse(group.Key, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(customerId.ToString(System.Globalization.CultureInfo.InvariantCulture), group.Key);
            Assert.All(group, t => Assert.Same(run.Simulator.CardIdOf(customerId), t.Transaction.CardId));
            Assert.All(group, t => Assert.Contains((int)t.Transaction.TerminalId, run.Simulator.Customers[customerId].AvailableTerminals));
        }
    }

    [Fact]
    public void Same_seed_gives_the_same_transactions_and_profiles()
    {
        var other = new TransactionSimulator(ShortRunFixture.Options);
        Assert.Equal(run.Transactions, other.Generate());
        Assert.Equal(run.Transactions, run.Simulator.Generate()); // each enumeration starts over
        Assert.Equal(run.Simulator.Terminals, other.Terminals);
    }

    [Fact]
    public void Another_seed_gives_other_transactions()
    {
        var other = TransactionSimulator.Generate(ShortRunFixture.Options with { Seed = 43 }).Take(1000).ToList();
        var mine = run.Transactions.Take(1000).ToList();

        var same = mine.Zip(other).Count(pair => pair.First.Transaction.CardId == pair.Second.Transaction.CardId
            && pair.First.Transaction.AmountMinor == pair.Second.Transaction.AmountMinor);
        Assert.True(same < 10, $"{same} of 1000 transactions are the same");
    }

    [Fact]
    public void Generation_is_lazy()
    {
        // A century of days: only the first day is generated to take 10 transactions.
        var started = System.Diagnostics.Stopwatch.StartNew();
        var first = TransactionSimulator.Generate(new SimulatorOptions { Customers = 1000, Days = SimulatorOptions.MaxDays }).Take(10).ToList();

        Assert.Equal(10, first.Count);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Scenario_1_marks_amounts_above_220()
    {
        var transactions = run.Transactions;

        var scenario1 = transactions.Where(t => t.Scenario == 1).ToList();
        Assert.NotEmpty(scenario1);
        Assert.All(scenario1, t => Assert.True(t.Transaction.AmountMinor > 22000));

        // Any amount above 220 that is not scenario 1 was claimed by a later scenario.
        Assert.All(transactions.Where(t => t.Transaction.AmountMinor > 22000), t => Assert.True(t.IsFraud));
    }

    [Fact]
    public void Scenario_2_marks_every_transaction_of_a_compromised_terminal_for_up_to_28_days()
    {
        var transactions = run.Transactions;
        var scenario2 = transactions.Where(t => t.Scenario == 2).ToList();
        Assert.NotEmpty(scenario2);

        foreach (var terminal in scenario2.Select(t => t.Transaction.TerminalId).Distinct())
        {
            var atTerminal = transactions.Where(t => t.Transaction.TerminalId == terminal).ToList();
            var fraudDays = atTerminal.Where(t => t.Scenario == 2).Select(t => Day(t)).ToList();
            var (from, to) = (fraudDays.Min(), fraudDays.Max());

            // All transactions of the terminal on the days of the window are frauds, ending with scenario 2 or 3.
            Assert.All(atTerminal.Where(t => Day(t) >= from && Day(t) <= to), t => Assert.True(t.Scenario >= 2));
        }

        // About 2 terminals a day over 30 days, each seen only when its customers use it.
        Assert.InRange(scenario2.Select(t => t.Transaction.TerminalId).Distinct().Count(), 20, 62);
    }

    [Fact]
    public void Scenario_3_multiplies_a_third_of_a_compromised_cards_amounts_by_5()
    {
        var transactions = run.Transactions;
        var scenario3 = transactions.Where(t => t.Scenario == 3).ToList();
        Assert.NotEmpty(scenario3);
        Assert.All(scenario3, t => Assert.Equal(0, t.Transaction.AmountMinor % 5));

        var compromisedCards = scenario3.Select(t => t.Transaction.CardId).Distinct().ToHashSet();
        Assert.InRange(compromisedCards.Count, 30, 95); // 3 a day over 30 days, minus those without transactions

        // Within the days where a card is abused, about a third of its transactions are frauds.
        var inWindows = 0;
        var abused = 0;
        foreach (var card in compromisedCards)
        {
            var ofCard = transactions.Where(t => t.Transaction.CardId == card).ToList();
            var days = ofCard.Where(t => t.Scenario == 3).Select(Day).ToList();
            var window = ofCard.Where(t => Day(t) >= days.Min() && Day(t) <= days.Max()).ToList();
            inWindows += window.Count;
            abused += window.Count(t => t.Scenario == 3);
        }

        Assert.InRange(abused / (double)inWindows, 0.28, 0.5);

        // The mean amount of scenario-3 frauds is about 5 times that of genuine transactions.
        var genuineMean = transactions.Where(t => !t.IsFraud).Average(t => t.Transaction.AmountMinor);
        Assert.InRange(scenario3.Average(t => t.Transaction.AmountMinor) / genuineMean, 3.5, 7);
    }

    [Fact]
    public void Disabled_scenarios_leave_only_scenario_1()
    {
        var transactions = TransactionSimulator.Generate(ShortRunFixture.Options with
        {
            Days = 5,
            CompromisedTerminalsPerDay = 0,
            CompromisedCustomersPerDay = 0,
        }).ToList();

        Assert.All(transactions, t => Assert.Equal(t.Transaction.AmountMinor > 22000 ? 1 : 0, t.Scenario));
    }

    private static long Day(SimulatedTransaction t) => (t.Transaction.EventTimeMs - StartMs) / MsPerDay;
}
