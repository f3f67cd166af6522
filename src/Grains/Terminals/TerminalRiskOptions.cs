namespace Fraud.Orleans.Grains.Terminals;

/// <summary>How terminal risk is computed from the transactions and the late fraud labels of each terminal.</summary>
public sealed class TerminalRiskOptions
{
    public const string Section = "Terminals";

    /// <summary>Label delay d: risk counts the terminal's transactions in (t - d - n days, t - d], whose labels are in by t.</summary>
    public TimeSpan LabelDelay { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long a transaction may wait for the terminal feed to be complete through t - d; 0 scores with what is there.</summary>
    public TimeSpan LabelWait { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// How far behind the terminal feed (in event time) a card may be scored and still see exact windows: the feed
    /// reads ahead of a silo that is catching up, so a terminal keeps its history that much longer.
    /// </summary>
    public TimeSpan MaxScoringLag { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// The furthest back from t - d a transaction reads its terminal: the fraud run's 60 days of labelled history (the
    /// handbook's risk windows reach 30).
    /// </summary>
    public static TimeSpan LongestLookBack => TimeSpan.FromDays(60);

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (LabelDelay < TimeSpan.Zero || LabelDelay > TimeSpan.FromDays(365))
        {
            errors.Add($"{nameof(LabelDelay)} must be 0..365 days");
        }

        if (MaxScoringLag < TimeSpan.Zero || MaxScoringLag > TimeSpan.FromDays(365))
        {
            errors.Add($"{nameof(MaxScoringLag)} must be 0..365 days");
        }

        if (LabelWait < TimeSpan.Zero || LabelWait > TimeSpan.FromMinutes(10))
        {
            errors.Add($"{nameof(LabelWait)} must be 0..10 minutes");
        }

        return errors;
    }
}
