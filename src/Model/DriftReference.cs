using System.Text.Json.Serialization;

namespace Fraud.Orleans.Model;

/// <summary>
/// The training distribution a drift monitor compares live traffic with: fraud-model.json's optional <c>drift</c>
/// section (model/drift_bins.py), one <see cref="DriftBins"/> per model input in input order, and the score's.
/// </summary>
public sealed record DriftReference(
    [property: JsonPropertyName("features")] IReadOnlyList<DriftBins> Features,
    [property: JsonPropertyName("score")] DriftBins Score)
{
    public IEnumerable<string> Validate(IReadOnlyList<string> modelFeatures)
    {
        if (Features is null || Score is null)
        {
            yield return "drift: features and score are required";
            yield break;
        }

        if (!Features.Select(f => f.Name).SequenceEqual(modelFeatures))
        {
            yield return $"drift: features [{string.Join(", ", Features.Select(f => f.Name))}] differ from the model's inputs";
        }

        foreach (var error in Features.SelectMany(f => f.Validate($"drift feature {f.Name}")).Concat(Score.Validate("drift score")))
        {
            yield return error;
        }
    }
}
