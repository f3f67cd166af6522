using Fraud.Orleans.Simulator;

namespace Fraud.Orleans.Tests.Simulator;

public sealed class SimulatorOptionsTests
{
    [Fact]
    public void Defaults_are_the_handbook_set_up_and_valid()
    {
        var options = new SimulatorOptions();

        Assert.Equal(5000, options.Customers);
        Assert.Equal(10000, options.Terminals);
        Assert.Equal(183, options.Days);
        Assert.Equal(new DateOnly(2018, 4, 1), options.StartDate);
        Assert.Equal(42, options.Seed);
        Assert.Equal(5, options.Radius);
        Assert.Equal(220m, options.FraudAmountThreshold);
        Assert.Equal(2, options.CompromisedTerminalsPerDay);
        Assert.Equal(28, options.CompromisedTerminalDays);
        Assert.Equal(3, options.CompromisedCustomersPerDay);
        Assert.Equal(14, options.CompromisedCustomerDays);
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Validate_reports_every_error_at_once()
    {
        var options = new SimulatorOptions
        {
            Customers = 0,
            Terminals = -1,
            Days = 0,
            Radius = double.NaN,
            FraudAmountThreshold = -1,
            CompromisedCustomerFraudShare = 1.5,
            CompromisedAmountMultiplier = 0,
        };

        var errors = options.Validate();

        Assert.Equal(7, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Customers", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Terminals", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Days", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Radius", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("FraudAmountThreshold", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("CompromisedCustomerFraudShare", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("CompromisedAmountMultiplier", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-5.0)]
    [InlineData(double.PositiveInfinity)]
    public void Radius_must_be_finite_and_positive(double radius)
    {
        var errors = new SimulatorOptions { Radius = radius }.Validate();

        Assert.Single(errors);
        Assert.Contains("Radius", errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Draws_per_day_cannot_exceed_the_population()
    {
        var errors = new SimulatorOptions { Customers = 2, Terminals = 1 }.Validate();

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("CompromisedTerminalsPerDay", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("CompromisedCustomersPerDay", StringComparison.Ordinal));
    }

    [Fact]
    public void Days_past_year_9999_are_refused()
    {
        var errors = new SimulatorOptions { StartDate = new DateOnly(9999, 12, 1), Days = 60 }.Validate();

        Assert.Single(errors);
        Assert.Contains("9999", errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void The_simulator_refuses_invalid_options_listing_all_errors()
    {
        var exception = Assert.Throws<ArgumentException>(() => new TransactionSimulator(new SimulatorOptions { Customers = 0, Days = 0 }));

        Assert.Contains("Customers", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Days", exception.Message, StringComparison.Ordinal);
    }
}
