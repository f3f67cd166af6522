using Fraud.Orleans.Model;
using Fraud.Orleans.Model.Explanations;

namespace Fraud.Orleans.Silo.Drift;

/// <summary>
/// The model, with every row it scores and the score handed to the <see cref="DriftMonitor"/>. Wrapping the model
/// catches every scoring path (a thread's burst, the shared burst, a lone row) at the one place that holds the rows
/// and their scores together, and counts a burst's rows with one clock read.
/// </summary>
public sealed class DriftObservedModel(IFraudModel model, DriftMonitor monitor) : IFraudModel
{
    public ModelMetadata Metadata => model.Metadata;

    public ModelExplainer? Explainer => model.Explainer;

    /// <summary><paramref name="model"/> itself when <paramref name="monitor"/> does not count.</summary>
    public static IFraudModel Wrap(IFraudModel model, DriftMonitor monitor) => monitor.IsEnabled ? new DriftObservedModel(model, monitor) : model;

    public float Score(ReadOnlySpan<float> features)
    {
        var score = model.Score(features);
        monitor.Observe(features, 1, new ReadOnlySpan<float>(in score));
        return score;
    }

    public void Score(ReadOnlySpan<float> rows, int rowCount, Span<float> probabilities)
    {
        model.Score(rows, rowCount, probabilities);
        monitor.Observe(rows, rowCount, probabilities);
    }
}
