namespace Fraud.Orleans.Simulator;

/// <summary>A simulated customer (card): where it lives, how much and how often it spends, and which terminals it uses.</summary>
public sealed class CustomerProfile
{
    internal CustomerProfile(int customerId, double x, double y, double meanAmount, double meanTransactionsPerDay)
    {
        CustomerId = customerId;
        X = x;
        Y = y;
        MeanAmount = meanAmount;
        StdAmount = meanAmount / 2;
        MeanTransactionsPerDay = meanTransactionsPerDay;
    }

    public int CustomerId { get; }

    public double X { get; }

    public double Y { get; }

    /// <summary>Mean of the amount, in currency units (not cents).</summary>
    public double MeanAmount { get; }

    /// <summary>Standard deviation of the amount: half the mean.</summary>
    public double StdAmount { get; }

    public double MeanTransactionsPerDay { get; }

    /// <summary>Ids of the terminals within the radius, ascending.</summary>
    public IReadOnlyList<int> AvailableTerminals => AvailableTerminalIds;

    internal int[] AvailableTerminalIds { get; set; } = [];
}

/// <summary>A simulated terminal (merchant) and its location.</summary>
public readonly record struct TerminalProfile(int TerminalId, double X, double Y);
