using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Fraud.Orleans.Model;

/// <summary>
/// The input and output of an ONNX fraud model that we use, found and checked at load: one input, a float
/// tensor [N, F] with F = the metadata's feature count; and the output <c>probabilities</c>, a float tensor [N, 2]
/// whose column 1 is P(fraud) (an ai.onnx.ml TreeEnsembleClassifier without ZipMap; its <c>label</c> output is ignored).
/// </summary>
internal sealed record FraudModelSignature(string InputName, string ProbabilitiesName)
{
    public const string DefaultProbabilitiesName = "probabilities";

    public const int ClassCount = 2;

    public const int FraudColumn = 1;

    /// <summary>Picks and checks the input and output; throws <see cref="InvalidDataException"/> naming the file and the problem.</summary>
    public static FraudModelSignature Resolve(string modelPath, InferenceSession session, int featureCount)
    {
        var inputs = session.InputMetadata;
        if (inputs.Count != 1)
        {
            throw Invalid(modelPath, $"expected exactly one input (the feature matrix), found {inputs.Count}: {Describe(inputs)}");
        }

        var (inputName, input) = inputs.First();
        if (!IsFloatMatrix(input))
        {
            throw Invalid(modelPath, $"the input must be a float tensor [N, {featureCount}], found {Describe(inputName, input)}");
        }

        if (input.Dimensions[0] >= 0)
        {
            throw Invalid(modelPath, $"the input's first dimension must be dynamic (the batch size), found {Describe(inputName, input)}");
        }

        if (input.Dimensions[1] >= 0 && input.Dimensions[1] != featureCount)
        {
            throw Invalid(
                modelPath,
                $"the input {Describe(inputName, input)} takes {input.Dimensions[1].ToString(CultureInfo.InvariantCulture)} features but the metadata lists {featureCount}");
        }

        var outputs = session.OutputMetadata;
        var output = outputs.ContainsKey(DefaultProbabilitiesName)
            ? DefaultProbabilitiesName
            : SingleOrDefault(outputs.Where(o => IsFloatMatrix(o.Value) && o.Value.Dimensions[1] == ClassCount).Select(o => o.Key))
              ?? throw Invalid(modelPath, $"no '{DefaultProbabilitiesName}' output (float [N, {ClassCount}]); outputs: {Describe(outputs)}");

        var probabilities = outputs[output];
        if (!IsFloatMatrix(probabilities) || (probabilities.Dimensions[1] >= 0 && probabilities.Dimensions[1] != ClassCount))
        {
            throw Invalid(modelPath, $"the output must be a float tensor [N, {ClassCount}] (P(not fraud), P(fraud)), found {Describe(output, probabilities)}");
        }

        return new FraudModelSignature(inputName, output);
    }

    /// <summary>Checks the probabilities a trial run produced for <paramref name="rows"/> rows.</summary>
    public void CheckTrialOutput(string modelPath, OrtValue actual, int rows)
    {
        var info = actual.GetTensorTypeAndShape();
        if (info.ElementDataType != TensorElementType.Float || info.Shape.Length != 2 || info.Shape[0] != rows || info.Shape[1] != ClassCount)
        {
            throw Invalid(
                modelPath,
                $"a trial run on {rows} row(s) returned {info.ElementDataType}[{string.Join(",", info.Shape)}], expected Float[{rows},{ClassCount}]");
        }
    }

    public static InvalidDataException Invalid(string modelPath, string problem, Exception? inner = null) =>
        new($"{modelPath}: not a usable fraud model: {problem}.", inner);

    private static bool IsFloatMatrix(NodeMetadata value) =>
        value.IsTensor && value.ElementDataType == TensorElementType.Float && value.Dimensions.Length == 2;

    private static string? SingleOrDefault(IEnumerable<string> candidates)
    {
        var list = candidates.Take(2).ToList();
        return list.Count == 1 ? list[0] : null;
    }

    private static string Describe(string name, NodeMetadata value) =>
        value.IsTensor
            ? $"'{name}': {value.ElementDataType.ToString().ToLowerInvariant()}[{string.Join(",", value.Dimensions.Select(d => d < 0 ? "?" : d.ToString(CultureInfo.InvariantCulture)))}]"
            : $"'{name}': {value.OnnxValueType}";

    private static string Describe(IReadOnlyDictionary<string, NodeMetadata> values) =>
        values.Count == 0 ? "none" : string.Join(", ", values.Select(v => Describe(v.Key, v.Value)));
}
