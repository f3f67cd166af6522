using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Model;

namespace Fraud.Orleans.Grains;

/// <summary>
/// Scores a transaction's features with the model: the grains compute every feature of <see cref="FeatureSchema"/>,
/// the model's metadata names the ones it was trained on, in its own order.
/// </summary>
public sealed class ModelInput
{
    private readonly ScoreBatcher _scorer;
    private readonly int[] _columns;

    /// <exception cref="InvalidDataException">The model asks for a feature the grains do not compute.</exception>
    public ModelInput(IFraudModel model)
        : this(new ScoreBatcher(model))
    {
    }

    /// <summary>Scores through <paramref name="scorer"/>, which may share model runs across concurrent turns.</summary>
    /// <exception cref="InvalidDataException">The model asks for a feature the grains do not compute.</exception>
    public ModelInput(ScoreBatcher scorer)
    {
        _scorer = scorer;
        var model = scorer.Metadata;
        var unknown = UnknownFeatures(model);
        if (unknown.Count > 0)
        {
            throw new InvalidDataException(
                $"The model expects features the grains do not compute: [{string.Join(", ", unknown)}]; " +
                $"they compute [{string.Join(", ", FeatureSchema.Names)}]. Retrain with model/train.py.");
        }

        _columns = model.Features.Select(FeatureSchema.IndexOf).ToArray();
    }

    public string ModelVersion => _scorer.Metadata.ModelVersion;

    /// <summary>The features <paramref name="metadata"/> names that the grains do not compute.</summary>
    public static IReadOnlyList<string> UnknownFeatures(ModelMetadata metadata) =>
        metadata.Features.Where(f => FeatureSchema.IndexOf(f) < 0).ToList();

    public DecisionThresholds Thresholds => _scorer.Metadata.Thresholds;

    /// <summary>Number of model inputs.</summary>
    public int Width => _columns.Length;

    /// <summary>P(fraud): at once, or in the model run it shares with the rows other turns ask for meanwhile.</summary>
    public ValueTask<float> ScoreAsync(in CardFeatures card, in TerminalRisk terminal, in CardPatterns patterns)
    {
        Span<float> row = stackalloc float[_columns.Length];
        Fill(card, terminal, patterns, row);
        return _scorer.ScoreAsync(row);
    }

    /// <summary>Writes the model's input row (<see cref="Width"/> values, in the model's order).</summary>
    public void Fill(in CardFeatures card, in TerminalRisk terminal, in CardPatterns patterns, Span<float> row)
    {
        for (var i = 0; i < _columns.Length; i++)
        {
            row[i] = (float)FeatureSchema.Value(card, terminal, patterns, _columns[i]);
        }
    }
}
