using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Grains;
using Fraud.Orleans.Model.Explanations;

namespace Fraud.Orleans.Silo.Reviews;

/// <summary>
/// A review case's explanation: TreeSHAP of the model that decided it (the signal's version, champion or challenger now)
/// over the input row it scored, rebuilt from the signal's features. Computed when the case is opened, on the signal
/// writer's flush, never on a card's turn: most transactions are approved and need none.
/// </summary>
public static class CaseExplanations
{
    /// <summary>How many contributions a case shows (the rest are summed in <see cref="Explanation.Others"/>).</summary>
    public const int Shown = 5;

    /// <summary>The explanation of <paramref name="signal"/>; null without a roster, or when its model is gone or cannot explain.</summary>
    public static Explanation? Of(ModelRoster? models, in FraudSignal signal)
    {
        if (models is null)
        {
            return null;
        }

        var lineup = models.Current;
        var model = lineup.Champion.Version == signal.ModelVersion ? lineup.Champion
            : lineup.Challenger?.Version == signal.ModelVersion ? lineup.Challenger
            : null;
        if (model?.Explainer is not { } explainer)
        {
            return null;
        }

        Span<float> row = stackalloc float[model.Input.Width];
        model.Input.Fill(signal.Features, signal.Terminal, signal.Patterns, row);
        return explainer.Explain(row, Shown);
    }
}
