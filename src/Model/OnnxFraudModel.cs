using System.Runtime.CompilerServices;
using Fraud.Orleans.Model.Onnx;

namespace Fraud.Orleans.Model;

/// <summary>
/// The fraud model, run by the official native ONNX Runtime through our own binding (<c>Fraud.Orleans.Model.Onnx</c>).
/// Scoring is thread-safe, runs on the calling thread (the session has no thread pool of its own) and allocates
/// nothing on the managed heap: the input tensor wraps the caller's span, and the only allocation per call is
/// ONNX Runtime's own output tensor, released before returning.
/// </summary>
public sealed class OnnxFraudModel : IFraudModel, IDisposable
{
    private readonly OrtApi api;
    private readonly OrtSession session;
    private readonly OrtMemoryInfoHandle cpuMemory;
    private readonly OrtNameTable inputNames;
    private readonly OrtNameTable outputNames;
    private readonly int featureCount;
    private int disposed;

    /// <summary>Loads <paramref name="onnxPath"/> and checks it against <paramref name="metadata"/>.</summary>
    /// <exception cref="FileNotFoundException">The model file does not exist.</exception>
    /// <exception cref="InvalidDataException">ONNX Runtime cannot load the file, or its inputs/outputs do not fit the metadata.</exception>
    public OnnxFraudModel(string onnxPath, ModelMetadata metadata)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(onnxPath);
        ArgumentNullException.ThrowIfNull(metadata);
        var metadataErrors = metadata.Validate();
        if (metadataErrors.Count > 0)
        {
            throw new ArgumentException($"Invalid model metadata: {string.Join("; ", metadataErrors)}", nameof(metadata));
        }

        ModelPath = Path.GetFullPath(onnxPath);
        if (!File.Exists(ModelPath))
        {
            throw new FileNotFoundException($"ONNX model file not found: {ModelPath}", ModelPath);
        }

        Metadata = metadata;
        featureCount = metadata.Features.Count;
        api = OrtApi.Instance;
        cpuMemory = OrtEnvironment.CpuMemory;

        try
        {
            session = OrtSession.Open(ModelPath, OrtSessionSettings.Inline);
        }
        catch (OrtException e)
        {
            throw FraudModelSignature.Invalid(ModelPath, $"ONNX Runtime {api.Version} cannot load it: {e.OrtMessage ?? e.Message}", e);
        }

        try
        {
            var signature = FraudModelSignature.Resolve(ModelPath, session, featureCount);
            InputName = signature.Input.Name;
            OutputName = signature.Probabilities.Name;
            inputNames = new OrtNameTable([InputName]);
            outputNames = new OrtNameTable([OutputName]);
            TrialRun(signature);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public ModelMetadata Metadata { get; }

    /// <summary>Full path of the ONNX file.</summary>
    public string ModelPath { get; }

    /// <summary>The model's input (the feature matrix).</summary>
    public string InputName { get; }

    /// <summary>The model output we read (P(not fraud), P(fraud)).</summary>
    public string OutputName { get; }

    /// <summary>Loads the ONNX file and the metadata JSON that <c>model/train.py</c> writes beside it.</summary>
    public static OnnxFraudModel Load(string onnxPath, string metadataPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(metadataPath);
        if (!File.Exists(metadataPath))
        {
            throw new FileNotFoundException($"Model metadata file not found: {Path.GetFullPath(metadataPath)}", metadataPath);
        }

        return new OnnxFraudModel(onnxPath, ModelMetadata.Load(metadataPath));
    }

    /// <summary>P(fraud) for one row of <see cref="ModelMetadata.Features"/>. Thread-safe; no managed allocation.</summary>
    public float Score(ReadOnlySpan<float> features)
    {
        if (features.Length != featureCount)
        {
            ThrowWrongRowLength(features.Length);
        }

        float probability = 0;
        Run(features, 1, new Span<float>(ref probability));
        return probability;
    }

    /// <summary>
    /// P(fraud) for <paramref name="rowCount"/> rows laid out one after another in <paramref name="rows"/>
    /// (row-major, <see cref="ModelMetadata.Features"/> per row), written to the first <paramref name="rowCount"/>
    /// entries of <paramref name="probabilities"/>. Thread-safe; no managed allocation.
    /// </summary>
    public void Score(ReadOnlySpan<float> rows, int rowCount, Span<float> probabilities)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        if ((long)rowCount * featureCount != rows.Length)
        {
            throw new ArgumentException(
                $"Expected {rowCount} rows x {featureCount} features = {(long)rowCount * featureCount} values, got {rows.Length}.",
                nameof(rows));
        }

        if (probabilities.Length < rowCount)
        {
            throw new ArgumentException($"Room for {probabilities.Length} probabilities, {rowCount} rows to score.", nameof(probabilities));
        }

        if (rowCount > 0)
        {
            Run(rows, rowCount, probabilities);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            session.Dispose(); // native release waits for runs in flight (SafeHandle reference count)
        }
    }

    /// <summary>
    /// Runs the model on <paramref name="rowCount"/> rows and copies the P(fraud) column out. With
    /// <paramref name="expected"/> (load time only) it also checks the shape of what came back.
    /// </summary>
    private unsafe void Run(ReadOnlySpan<float> rows, int rowCount, Span<float> probabilities, FraudModelSignature? expected = null)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);

        var shape = stackalloc long[2] { rowCount, featureCount };
        IntPtr input = IntPtr.Zero, output = IntPtr.Zero;
        try
        {
            fixed (float* data = rows)
            {
                // ORT only reads the input: wrapping the caller's (pinned) span is safe and copies nothing.
                api.Check(api.CreateTensorWithDataAsOrtValue(
                    cpuMemory.DangerousGetHandle(), data, (nuint)rows.Length * sizeof(float), shape, 2, (int)OnnxElementType.Float, &input));
                session.Run(inputNames, &input, outputNames, &output);
            }

            expected?.CheckTrialOutput(ModelPath, OrtValueInfo.FromTensorValue(api, OutputName, output), rowCount);

            float* result;
            api.Check(api.GetTensorMutableData(output, (void**)&result));
            for (var i = 0; i < rowCount; i++)
            {
                probabilities[i] = result[(i * FraudModelSignature.ClassCount) + FraudModelSignature.FraudColumn];
            }
        }
        finally
        {
            if (output != IntPtr.Zero)
            {
                api.ReleaseValue(output);
            }

            if (input != IntPtr.Zero)
            {
                api.ReleaseValue(input);
            }
        }
    }

    /// <summary>Runs one all-zero row at load: checks the real output shape (dynamic dimensions included) and warms up.</summary>
    private void TrialRun(FraudModelSignature signature)
    {
        try
        {
            Run(new float[featureCount], 1, new float[1], signature);
        }
        catch (OrtException e)
        {
            throw FraudModelSignature.Invalid(ModelPath, $"a trial run on one row of {featureCount} features failed: {e.OrtMessage ?? e.Message}", e);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowWrongRowLength(int length) =>
        throw new ArgumentException($"Expected {featureCount} features ({string.Join(", ", Metadata.Features)}), got {length}.", "features");
}
