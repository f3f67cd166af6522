using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fraud.Orleans.Model;

/// <summary>
/// What <c>model/train.py</c> writes beside the ONNX file: inputs in order, version, decision thresholds, and the
/// training distribution for drift monitoring (<see cref="Drift"/>; null in model files older than it).
/// </summary>
public sealed record ModelMetadata(
    [property: JsonPropertyName("model_version")] string ModelVersion,
    [property: JsonPropertyName("features")] IReadOnlyList<string> Features,
    [property: JsonPropertyName("thresholds")] DecisionThresholds Thresholds,
    [property: JsonPropertyName("drift")] DriftReference? Drift = null)
{
    private static readonly JsonSerializerOptions ReadOptions = new() { ReadCommentHandling = JsonCommentHandling.Skip };

    public static ModelMetadata Load(string path)
    {
        var metadata = JsonSerializer.Deserialize<ModelMetadata>(File.ReadAllText(path), ReadOptions)
            ?? throw new InvalidDataException($"{path}: empty model metadata.");
        var errors = metadata.Validate();
        if (errors.Count > 0)
        {
            throw new InvalidDataException($"{path}: invalid model metadata: {string.Join("; ", errors)}");
        }

        return metadata;
    }

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(ModelVersion))
        {
            errors.Add("model_version is missing");
        }

        if (Features is null || Features.Count == 0)
        {
            errors.Add("features is empty");
        }

        if (Thresholds is null)
        {
            errors.Add("thresholds is missing");
        }
        else if (!(Thresholds.Review is > 0 and < 1) || !(Thresholds.Block is > 0 and <= 1) || Thresholds.Review > Thresholds.Block)
        {
            errors.Add($"thresholds must satisfy 0 < review <= block <= 1 (review {Thresholds.Review}, block {Thresholds.Block})");
        }

        if (Drift is not null && Features is not null)
        {
            errors.AddRange(Drift.Validate(Features));
        }

        return errors;
    }
}

/// <summary>Score at or above <see cref="Review"/> sends the transaction to review; at or above <see cref="Block"/> blocks it.</summary>
public sealed record DecisionThresholds(
    [property: JsonPropertyName("review")] float Review,
    [property: JsonPropertyName("block")] float Block);
