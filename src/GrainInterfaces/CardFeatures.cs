namespace Fraud.Orleans.GrainInterfaces;

/// <summary>
/// The behavioural features of one transaction, computed by its card's grain in event time.
/// Definitions follow the fraud-detection handbook (windows over (t - n days, t], the current
/// transaction included); <see cref="FeatureSchema"/> fixes the names and the model's input order.
/// </summary>
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
    /// <summary>Writes the features in <see cref="FeatureSchema.Names"/> order.</summary>
    public void CopyTo(Span<float> destination)
    {
        if (destination.Length < FeatureSchema.Count)
        {
            throw new ArgumentException($"Need room for {FeatureSchema.Count} features.", nameof(destination));
        }

        destination[0] = (float)Amount;
        destination[1] = DuringWeekend ? 1f : 0f;
        destination[2] = DuringNight ? 1f : 0f;
        destination[3] = Count1Day;
        destination[4] = (float)MeanAmount1Day;
        destination[5] = Count7Days;
        destination[6] = (float)MeanAmount7Days;
        destination[7] = Count30Days;
        destination[8] = (float)MeanAmount30Days;
        destination[9] = (float)SecondsSincePrevious;
    }

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
