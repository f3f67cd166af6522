using Microsoft.ML.OnnxRuntime;

namespace Fraud.Orleans.Model;

/// <summary>
/// One thread's scoring buffers: pinned input and output arrays, and for each batch size used so far an
/// <see cref="OrtIoBinding"/> whose tensors view the first rows of those arrays. Bindings are made once per size,
/// so a run after warm-up copies the rows in, runs, and reads the column out without a managed allocation.
/// An IoBinding is not safe to share between threads, hence one context per thread.
/// </summary>
internal sealed class ScoringContext : IDisposable
{
    private readonly InferenceSession _session;
    private readonly FraudModelSignature _signature;
    private readonly int _featureCount;
    private readonly float[] _input;
    private readonly float[] _output;
    private readonly OrtIoBinding?[] _bindings;
    private readonly List<IDisposable> _owned = [];

    public ScoringContext(InferenceSession session, FraudModelSignature signature, int featureCount, int maxRows)
    {
        _session = session;
        _signature = signature;
        _featureCount = featureCount;
        _input = GC.AllocateArray<float>(maxRows * featureCount, pinned: true);
        _output = GC.AllocateArray<float>(maxRows * FraudModelSignature.ClassCount, pinned: true);
        _bindings = new OrtIoBinding?[maxRows + 1];
    }

    public int MaxRows => _bindings.Length - 1;

    /// <summary>Scores <paramref name="rowCount"/> (≤ <see cref="MaxRows"/>) rows into <paramref name="probabilities"/>.</summary>
    public void Run(RunOptions options, ReadOnlySpan<float> rows, int rowCount, Span<float> probabilities)
    {
        var binding = _bindings[rowCount] ??= Bind(rowCount);
        rows.CopyTo(_input);
        _session.RunWithBinding(options, binding);
        for (var i = 0; i < rowCount; i++)
        {
            probabilities[i] = _output[(i * FraudModelSignature.ClassCount) + FraudModelSignature.FraudColumn];
        }
    }

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        _owned.Clear();
    }

    private OrtIoBinding Bind(int rowCount)
    {
        var input = OrtValue.CreateTensorValueFromMemory(
            OrtMemoryInfo.DefaultInstance, _input.AsMemory(0, rowCount * _featureCount), [rowCount, _featureCount]);
        _owned.Add(input);
        var output = OrtValue.CreateTensorValueFromMemory(
            OrtMemoryInfo.DefaultInstance, _output.AsMemory(0, rowCount * FraudModelSignature.ClassCount), [rowCount, FraudModelSignature.ClassCount]);
        _owned.Add(output);
        var binding = _session.CreateIoBinding();
        _owned.Add(binding);
        binding.BindInput(_signature.InputName, input);
        binding.BindOutput(_signature.ProbabilitiesName, output);
        return binding;
    }
}
