using Fraud.Orleans.Grains;
using Fraud.Orleans.Model.Explanations;

namespace Fraud.Orleans.Silo.Reviews;

/// <summary>
/// A review case's explanation: TreeSHAP of the model that decided it (the case's model version, champion or
/// challenger now) over the input row it scored, rebuilt from the features stored with the case. Computed when an
/// analyst opens the case, not when it is written: about a millisecond of CPU each, which on the signal writer's
/// flush held back every signal and commit behind it when most transactions went to review.
/// </summary>
public static class CaseExplanations
{
    /// <summary>How many contributions a case shows (the rest are summed in <see cref="Explanation.Others"/>).</summary>
    public const int Shown = 5;

    /// <summary>
    /// The explanation of a case decided by <paramref name="modelVersion"/> with <paramref name="features"/> (by name, as
    /// stored); null when that model is no longer loaded here or cannot explain.
    /// </summary>
    public static Explanation? Of(ModelRoster models, string modelVersion, IReadOnlyDictionary<string, double> features)
    {
        var lineup = models.Current;
        var model = lineup.Champion.Version == modelVersion ? lineup.Champion
            : lineup.Challenger?.Version == modelVersion ? lineup.Challenger
            : null;
        if (model?.Explainer is not { } explainer)
        {
            return null;
        }

        var names = model.Scorer.Metadata.Features;
        Span<float> row = stackalloc float[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            row[i] = features.TryGetValue(names[i], out var value) ? (float)value : float.NaN;
        }

        return explainer.Explain(row, Shown);
    }
}
