using Microsoft.Extensions.Logging;

namespace Fraud.Orleans.Silo.Runtime;

public sealed partial class RuntimeLog(ILogger<RuntimeLog> logger)
{
    private readonly ILogger _logger = logger;

    [LoggerMessage(1, LogLevel.Debug, "Activated {GrainType}/{Key}")]
    public partial void Activated(string grainType, string key);

    [LoggerMessage(2, LogLevel.Warning, "Loading {GrainType}/{Key} failed; retrying in {Backoff}")]
    public partial void LoadFailed(string grainType, string key, TimeSpan backoff, Exception exception);

    [LoggerMessage(3, LogLevel.Error, "{GrainType}/{Key} was fenced: another silo wrote its state; the activation is dropped")]
    public partial void Fenced(string grainType, string key);

    [LoggerMessage(4, LogLevel.Debug, "Deactivated {Count} idle activations")]
    public partial void DeactivatedIdle(int count);

    [LoggerMessage(5, LogLevel.Warning, "Checkpoint failed; offsets stay uncommitted and it is retried in {Backoff}")]
    public partial void CheckpointFailed(TimeSpan backoff, Exception exception);

    [LoggerMessage(6, LogLevel.Debug, "Checkpoint: {States} states written, offsets of {Partitions} partitions committed")]
    public partial void Checkpointed(int states, int partitions);

    [LoggerMessage(7, LogLevel.Warning, "Writing the state of {GrainType}/{Key} failed; retrying in {Backoff}")]
    public partial void StateWriteFailed(string grainType, string key, TimeSpan backoff, Exception exception);

    [LoggerMessage(8, LogLevel.Information, "Silo up: API {Address}, model {ModelVersion}, ONNX Runtime {OrtVersion}")]
    public partial void SiloUp(Uri address, string modelVersion, string ortVersion);

    [LoggerMessage(9, LogLevel.Warning, "Claiming the ownership epoch of partition {Partition} failed; retrying in {Backoff}")]
    public partial void EpochClaimFailed(int partition, TimeSpan backoff, Exception exception);

    [LoggerMessage(10, LogLevel.Information, "Partitions {Partitions} left this silo ({How}); {Count} activations deactivated")]
    public partial void PartitionsReleased(string partitions, string how, int count);

    [LoggerMessage(11, LogLevel.Warning, "Partitions {Partitions} assigned: {Count} activations made before the ownership claim were deactivated")]
    public partial void StaleActivationsDropped(string partitions, int count);
}
