using Fraud.Orleans.Model.Explanations;

namespace Fraud.Orleans.Model;

/// <summary>A fraud model: feature vector in <see cref="ModelMetadata.Features"/> order, probability of fraud out.</summary>
public interface IFraudModel
{
    ModelMetadata Metadata { get; }

    /// <summary>Explains the model's scores (review cases); null for a model that cannot (an ONNX file without node covers).</summary>
    ModelExplainer? Explainer { get; }

    /// <summary>Probability of fraud for one row. Thread-safe; allocates nothing on the managed heap.</summary>
    float Score(ReadOnlySpan<float> features);

    /// <summary>
    /// Probabilities of fraud for <paramref name="rowCount"/> rows laid out one after another in <paramref name="rows"/>,
    /// into the first <paramref name="rowCount"/> entries of <paramref name="probabilities"/>. Thread-safe; allocates
    /// nothing on the managed heap.
    /// </summary>
    void Score(ReadOnlySpan<float> rows, int rowCount, Span<float> probabilities);
}
