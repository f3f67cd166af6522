using Orleans;

namespace Fraud.Orleans.GrainInterfaces;

/// <summary>
/// The behavioural features of one transaction, computed by its card's grain in event time.
/// Definitions follow the fraud-detection handbook (windows over (t - n days, t], the current
/// transaction included). The first <see cref="FeatureSchema.CardFeatureCount"/> names of <see cref="FeatureSchema"/>.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("fraud.CardFeatures")]
public readonly record struct CardFeatures(
    double Amount,
    bool DuringWeekend,
    bool DuringNight,
    int Count1Day,
    double MeanAmount1Day,
    int Count7Days,
    double MeanAmount7Days,
    int Count30Days,
    double MeanAmount30Days,
    double SecondsSincePrevious)
{
    /// <summary>The value of feature <paramref name="index"/> in schema order, at full precision.</summary>
    public double this[int index] => index switch
    {
        0 => Amount,
        1 => DuringWeekend ? 1 : 0,
        2 => DuringNight ? 1 : 0,
        3 => Count1Day,
        4 => MeanAmount1Day,
        5 => Count7Days,
        6 => MeanAmount7Days,
        7 => Count30Days,
        8 => MeanAmount30Days,
        9 => SecondsSincePrevious,
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };
}
