using System.Runtime.CompilerServices;
using Fraud.Orleans.Model.Explanations;
using Microsoft.ML.OnnxRuntime;

namespace Fraud.Orleans.Model;

/// <summary>
/// The fraud model, run by ONNX Runtime (<c>Microsoft.ML.OnnxRuntime</c>). Scoring is thread-safe, runs on the
/// calling thread (one intra-op thread: no pool of its own) and allocates nothing on the managed heap after
/// warm-up: each thread scores through its own pinned buffers and IoBindings (<see cref="ScoringContext"/>).
/// </summary>
public sealed class OnnxFraudModel : IFraudModel, IDisposable
{
    /// <summary>The largest run; a longer batch is scored in runs of this many rows (a burst is at most 512).</summary>
    public const int MaxRowsPerRun = 512;

    private readonly SessionOptions options;
    private readonly InferenceSession session;
    private readonly RunOptions runOptions = new();
    private readonly FraudModelSignature signature;
    private readonly ThreadLocal<ScoringContext> contexts;
    private readonly Lazy<ModelExplainer?> explainer;
    private readonly int featureCount;
    private int runsInFlight;
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

        // One thread per run, on the caller's: a silo scores on many threads at once, and ORT's own pools would
        // only add hand-offs and spinning cores for a model that runs in microseconds.
        options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        try
        {
            session = new InferenceSession(ModelPath, options);
        }
        catch (OnnxRuntimeException e)
        {
            options.Dispose();
            throw FraudModelSignature.Invalid(ModelPath, $"ONNX Runtime {RuntimeVersion} cannot load it: {e.Message}", e);
        }

        try
        {
            signature = FraudModelSignature.Resolve(ModelPath, session, featureCount);
            TrialRun();
        }
        catch
        {
            session.Dispose();
            options.Dispose();
            throw;
        }

        // Read from the same file ORT loaded, when first asked: only review cases need it, and a tool that loads the model
        // to score (or a test that loads it 50 times) should not pay for parsing every tree. The silo asks at start-up
        // (ModelFiles.Load), so a file whose covers do not fit its trees fails there, not at its first case.
        explainer = new Lazy<ModelExplainer?>(() => ModelExplainer.Load(ModelPath, metadata.Features), LazyThreadSafetyMode.ExecutionAndPublication);
        contexts = new ThreadLocal<ScoringContext>(() => new ScoringContext(session, signature, featureCount, MaxRowsPerRun), trackAllValues: true);
    }

    /// <summary>The ONNX Runtime version loaded in this process.</summary>
    public static string RuntimeVersion => OrtEnv.Instance().GetVersionString();

    public ModelMetadata Metadata { get; }

    /// <summary>TreeSHAP over the file's trees, read on first use; null when the file carries no node covers (metadata_props["node_covers"]).</summary>
    /// <exception cref="InvalidDataException">The file carries covers that do not fit its trees.</exception>
    public ModelExplainer? Explainer => explainer.Value;

    /// <summary>Full path of the ONNX file.</summary>
    public string ModelPath { get; }

    /// <summary>The model's input (the feature matrix).</summary>
    public string InputName => signature.InputName;

    /// <summary>The model output we read (P(not fraud), P(fraud)).</summary>
    public string OutputName => signature.ProbabilitiesName;

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
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        // Runs already past the check finish on live native objects before they are released.
        var wait = new SpinWait();
        while (Volatile.Read(ref runsInFlight) != 0)
        {
            wait.SpinOnce();
        }

        foreach (var context in contexts.Values)
        {
            context.Dispose();
        }

        contexts.Dispose();
        runOptions.Dispose();
        session.Dispose();
        options.Dispose();
    }

    private void Run(ReadOnlySpan<float> rows, int rowCount, Span<float> probabilities)
    {
        Interlocked.Increment(ref runsInFlight);
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
            var context = contexts.Value!;
            for (var start = 0; start < rowCount; start += MaxRowsPerRun)
            {
                var count = Math.Min(MaxRowsPerRun, rowCount - start);
                context.Run(runOptions, rows.Slice(start * featureCount, count * featureCount), count, probabilities.Slice(start, count));
            }
        }
        finally
        {
            Interlocked.Decrement(ref runsInFlight);
        }
    }

    /// <summary>Runs one all-zero row at load: checks the real output shape (dynamic dimensions included) and warms up.</summary>
    private void TrialRun()
    {
        try
        {
            using var input = OrtValue.CreateTensorValueFromMemory(new float[featureCount], [1, featureCount]);
            using var outputs = session.Run(runOptions, [signature.InputName], [input], [signature.ProbabilitiesName]);
            signature.CheckTrialOutput(ModelPath, outputs[0], 1);
        }
        catch (OnnxRuntimeException e)
        {
            throw FraudModelSignature.Invalid(ModelPath, $"a trial run on one row of {featureCount} features failed: {e.Message}", e);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowWrongRowLength(int length) =>
        throw new ArgumentException($"Expected {featureCount} features ({string.Join(", ", Metadata.Features)}), got {length}.", "features");
}
