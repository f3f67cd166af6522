using Fraud.Orleans.Silo.Drift;

namespace Fraud.Orleans.Silo.Hosting;

/// <summary>Grain hosting and durability settings of a silo.</summary>
public sealed class SiloOptions
{
    public const string Section = "Silo";

    /// <summary>How often dirty grain state is checkpointed and the offsets it covers committed (Kafka Streams commits every 30 s too).</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Share of the interval over which a periodic checkpoint spreads its state writes (0: all at once), so signals never queue behind a burst.</summary>
    public double CheckpointSpread { get; set; } = 0.5;

    /// <summary>An activation idle this long (with its state durable) is deactivated.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often idle activations are looked for.</summary>
    public TimeSpan IdleCheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Score the rows of turns running at the same time in one model run (a run per row costs about three times as much a row).</summary>
    public bool BatchScoresAcrossTurns { get; set; } = true;

    /// <summary>The ONNX model file; its metadata is the same path with a .json extension.</summary>
    public string ModelPath { get; set; } = "model/fraud-model.onnx";

    /// <summary>
    /// A challenger ONNX model scored in shadow beside the champion on every transaction (empty: none); promoted by
    /// <c>POST /v1/models/promote</c>. By default the model the champion replaced (model/README.md), so that its figures
    /// keep coming beside the champion's.
    /// </summary>
    public string ChallengerModelPath { get; set; } = "model/challenger/fraud-model.onnx";

    /// <summary>Drift of the model's inputs and score against its training distribution (<c>Silo:Drift</c>).</summary>
    public DriftOptions Drift { get; set; } = new();

    public IEnumerable<string> Validate()
    {
        foreach (var error in Drift.Validate())
        {
            yield return error;
        }

        if (CheckpointInterval < TimeSpan.FromMilliseconds(10) || CheckpointInterval > TimeSpan.FromMinutes(5))
        {
            yield return $"{Section}:{nameof(CheckpointInterval)} must be between 10 ms and 5 minutes";
        }

        if (CheckpointSpread is < 0 or > 0.9 || double.IsNaN(CheckpointSpread))
        {
            yield return $"{Section}:{nameof(CheckpointSpread)} must be 0..0.9 (a share of {nameof(CheckpointInterval)})";
        }

        if (IdleTimeout <= TimeSpan.Zero || IdleCheckInterval <= TimeSpan.Zero)
        {
            yield return $"{Section}: {nameof(IdleTimeout)} and {nameof(IdleCheckInterval)} must be positive";
        }

        if (string.IsNullOrWhiteSpace(ModelPath))
        {
            yield return $"{Section}:{nameof(ModelPath)} is empty";
        }
        else if (MissingModelFile(nameof(ModelPath), ModelPath) is { } missing)
        {
            yield return missing;
        }

        if (!string.IsNullOrWhiteSpace(ChallengerModelPath) && MissingModelFile(nameof(ChallengerModelPath), ChallengerModelPath) is { } missingChallenger)
        {
            yield return missingChallenger;
        }
    }

    private static string? MissingModelFile(string setting, string path) =>
        !File.Exists(path) ? $"{Section}:{setting} '{Path.GetFullPath(path)}' does not exist"
        : !File.Exists(Path.ChangeExtension(path, ".json")) ? $"{Section}:{setting}: metadata '{Path.ChangeExtension(Path.GetFullPath(path), ".json")}' does not exist"
        : null;
}
