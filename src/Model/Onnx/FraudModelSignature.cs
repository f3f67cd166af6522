using System.Globalization;

namespace Fraud.Orleans.Model.Onnx;

/// <summary>
/// The input and output of an ONNX fraud model that we use, found and checked at load: one input, a float
/// tensor [N, F] with F = the metadata's feature count; and the output <c>probabilities</c>, a float tensor [N, 2]
/// whose column 1 is P(fraud) (an ai.onnx.ml TreeEnsembleClassifier without ZipMap; its <c>label</c> output is ignored).
/// </summary>
internal sealed record FraudModelSignature(OrtValueInfo Input, OrtValueInfo Probabilities)
{
    public const string ProbabilitiesName = "probabilities";

    public const int ClassCount = 2;

    public const int FraudColumn = 1;

    /// <summary>Picks and checks the input and output; throws <see cref="InvalidDataException"/> naming the file and the problem.</summary>
    public static FraudModelSignature Resolve(string modelPath, OrtSession session, int featureCount)
    {
        if (session.Inputs.Count != 1)
        {
            throw Invalid(modelPath, $"expected exactly one input (the feature matrix), found {session.Inputs.Count}: {Describe(session.Inputs)}");
        }

        var input = session.Inputs[0];
        if (!IsFloatMatrix(input))
        {
            throw Invalid(modelPath, $"the input must be a float tensor [N, {featureCount}], found {input}");
        }

        if (input.Shape[0] >= 0)
        {
            throw Invalid(modelPath, $"the input's first dimension must be dynamic (the batch size), found {input}");
        }

        if (input.Shape[1] >= 0 && input.Shape[1] != featureCount)
        {
            throw Invalid(
                modelPath,
                $"the input {input} takes {input.Shape[1].ToString(CultureInfo.InvariantCulture)} features but the metadata lists {featureCount}");
        }

        var output = session.Outputs.FirstOrDefault(o => o.Name == ProbabilitiesName)
            ?? SingleOrDefault(session.Outputs.Where(o => IsFloatMatrix(o) && o.Shape[1] == ClassCount))
            ?? throw Invalid(modelPath, $"no '{ProbabilitiesName}' output (float [N, {ClassCount}]); outputs: {Describe(session.Outputs)}");

        if (!IsFloatMatrix(output) || (output.Shape[1] >= 0 && output.Shape[1] != ClassCount))
        {
            throw Invalid(modelPath, $"the output must be a float tensor [N, {ClassCount}] (P(not fraud), P(fraud)), found {output}");
        }

        return new FraudModelSignature(input, output);
    }

    /// <summary>Checks the probabilities a trial run produced for <paramref name="rows"/> rows.</summary>
    public void CheckTrialOutput(string modelPath, OrtValueInfo actual, int rows)
    {
        if (actual.ElementType != OnnxElementType.Float || actual.Rank != 2 || actual.Shape[0] != rows || actual.Shape[1] != ClassCount)
        {
            throw Invalid(modelPath, $"a trial run on {rows} row(s) returned {actual}, expected float[{rows},{ClassCount}]");
        }
    }

    public static InvalidDataException Invalid(string modelPath, string problem, Exception? inner = null) =>
        new($"{modelPath}: not a usable fraud model: {problem}.", inner);

    private static bool IsFloatMatrix(OrtValueInfo value) =>
        value.IsTensor && value.ElementType == OnnxElementType.Float && value.Rank == 2;

    private static OrtValueInfo? SingleOrDefault(IEnumerable<OrtValueInfo> candidates)
    {
        var list = candidates.Take(2).ToList();
        return list.Count == 1 ? list[0] : null;
    }

    private static string Describe(IReadOnlyList<OrtValueInfo> values) =>
        values.Count == 0 ? "none" : string.Join(", ", values);
}
