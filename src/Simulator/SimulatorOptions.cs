using System.Globalization;

namespace Fraud.Orleans.Simulator;

/// <summary>
/// Settings of the transaction simulator of the fraud-detection handbook (its Chapter 3).
/// The defaults reproduce the handbook's set-up; <see cref="Validate"/> lists every problem at once.
/// </summary>
public sealed record SimulatorOptions
{
    /// <summary>Number of customers (cards); customer ids are 0 .. Customers - 1.</summary>
    public int Customers { get; init; } = 5000;

    /// <summary>Number of terminals (merchants); terminal ids are 0 .. Terminals - 1.</summary>
    public int Terminals { get; init; } = 10000;

    /// <summary>Number of simulated days, starting at <see cref="StartDate"/>.</summary>
    public int Days { get; init; } = 183;

    /// <summary>First simulated day; day boundaries are UTC midnights.</summary>
    public DateOnly StartDate { get; init; } = new(2018, 4, 1);

    /// <summary>Seed of every random draw: the same options always give the same transactions.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>A customer uses the terminals at Euclidean distance strictly below this radius (map is 100 x 100).</summary>
    public double Radius { get; init; } = 5;

    /// <summary>Scenario 1: every transaction whose amount is above this value is a fraud.</summary>
    public decimal FraudAmountThreshold { get; init; } = 220m;

    /// <summary>Scenario 2: number of terminals compromised each day.</summary>
    public int CompromisedTerminalsPerDay { get; init; } = 2;

    /// <summary>Scenario 2: days (the draw day included) during which a compromised terminal's transactions are frauds.</summary>
    public int CompromisedTerminalDays { get; init; } = 28;

    /// <summary>Scenario 3: number of customers (cards) compromised each day.</summary>
    public int CompromisedCustomersPerDay { get; init; } = 3;

    /// <summary>Scenario 3: days (the draw day included) during which a compromised card is abused.</summary>
    public int CompromisedCustomerDays { get; init; } = 14;

    /// <summary>Scenario 3: share of a compromised card's transactions that are frauds.</summary>
    public double CompromisedCustomerFraudShare { get; init; } = 1.0 / 3.0;

    /// <summary>Scenario 3: factor applied to the amount of a compromised card's fraudulent transactions.</summary>
    public int CompromisedAmountMultiplier { get; init; } = 5;

    /// <summary>Side of the square map on which customers and terminals live (not a setting of the handbook).</summary>
    public const double MapSize = 100;

    /// <summary>Largest number of days accepted by <see cref="Validate"/> (about 100 years).</summary>
    public const int MaxDays = 36_525;

    /// <summary>Largest amount threshold accepted by <see cref="Validate"/>.</summary>
    public const decimal MaxFraudAmountThreshold = 10_000_000_000m;

    /// <summary>Returns every problem with these options; an empty list means they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();

        if (Customers < 1)
        {
            errors.Add(Invariant($"Customers must be at least 1 (was {Customers})."));
        }

        if (Terminals < 1)
        {
            errors.Add(Invariant($"Terminals must be at least 1 (was {Terminals})."));
        }

        if (Days is < 1 or > MaxDays)
        {
            errors.Add(Invariant($"Days must be between 1 and {MaxDays} (was {Days})."));
        }
        else if ((long)StartDate.DayNumber + Days > DateOnly.MaxValue.DayNumber)
        {
            errors.Add(Invariant($"StartDate {StartDate:yyyy-MM-dd} plus {Days} days goes past year 9999."));
        }

        if (!double.IsFinite(Radius) || Radius <= 0)
        {
            errors.Add(Invariant($"Radius must be a finite number above 0 (was {Radius})."));
        }

        if (FraudAmountThreshold is < 0 or > MaxFraudAmountThreshold)
        {
            errors.Add(Invariant($"FraudAmountThreshold must be between 0 and {MaxFraudAmountThreshold} (was {FraudAmountThreshold})."));
        }

        if (CompromisedTerminalsPerDay < 0 || (Terminals >= 1 && CompromisedTerminalsPerDay > Terminals))
        {
            errors.Add(Invariant($"CompromisedTerminalsPerDay must be between 0 and Terminals (was {CompromisedTerminalsPerDay})."));
        }

        if (CompromisedTerminalDays is < 0 or > MaxDays)
        {
            errors.Add(Invariant($"CompromisedTerminalDays must be between 0 and {MaxDays} (was {CompromisedTerminalDays})."));
        }

        if (CompromisedCustomersPerDay < 0 || (Customers >= 1 && CompromisedCustomersPerDay > Customers))
        {
            errors.Add(Invariant($"CompromisedCustomersPerDay must be between 0 and Customers (was {CompromisedCustomersPerDay})."));
        }

        if (CompromisedCustomerDays is < 0 or > MaxDays)
        {
            errors.Add(Invariant($"CompromisedCustomerDays must be between 0 and {MaxDays} (was {CompromisedCustomerDays})."));
        }

        if (!(CompromisedCustomerFraudShare is >= 0 and <= 1))
        {
            errors.Add(Invariant($"CompromisedCustomerFraudShare must be between 0 and 1 (was {CompromisedCustomerFraudShare})."));
        }

        if (CompromisedAmountMultiplier is < 1 or > 1000)
        {
            errors.Add(Invariant($"CompromisedAmountMultiplier must be between 1 and 1000 (was {CompromisedAmountMultiplier})."));
        }

        return errors;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> listing every problem, if there is any.</summary>
    public void EnsureValid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid simulator options: " + string.Join(" ", errors));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
