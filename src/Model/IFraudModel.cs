namespace Fraud.Orleans.Model;

/// <summary>A fraud model: feature vector in <see cref="ModelMetadata.Features"/> order, probability of fraud out.</summary>
public interface IFraudModel
{
    ModelMetadata Metadata { get; }

    /// <summary>Probability of fraud for one row. Thread-safe; allocates nothing on the managed heap.</summary>
    float Score(ReadOnlySpan<float> features);
}
