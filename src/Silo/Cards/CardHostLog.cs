using Microsoft.Extensions.Logging;

namespace Fraud.Orleans.Silo.Cards;

public sealed partial class CardHostLog(ILogger<CardHostLog> logger)
{
    private readonly ILogger _logger = logger;

    [LoggerMessage(1, LogLevel.Debug, "Activated card/{CardId} (partition {Partition})")]
    public partial void Activated(string cardId, int partition);


    [LoggerMessage(3, LogLevel.Error, "card/{CardId} was fenced ({Why}); its partition is dropped here")]
    public partial void Fenced(string cardId, string why);

    [LoggerMessage(4, LogLevel.Debug, "Deactivated {Count} idle activations")]
    public partial void DeactivatedIdle(int count);

    [LoggerMessage(5, LogLevel.Warning, "Checkpoint failed; offsets stay uncommitted and it is retried in {Backoff}")]
    public partial void CheckpointFailed(TimeSpan backoff, Exception exception);

    [LoggerMessage(6, LogLevel.Debug, "Checkpoint: {States} states written, offsets of {Partitions} partitions committed")]
    public partial void Checkpointed(int states, int partitions);


    [LoggerMessage(8, LogLevel.Information, "Silo up: API {Address}, model {ModelVersion}, ONNX Runtime {OrtVersion}")]
    public partial void SiloUp(Uri address, string modelVersion, string ortVersion);

    [LoggerMessage(9, LogLevel.Warning, "Claiming the ownership epoch of partition {Partition} failed; retrying in {Backoff}")]
    public partial void EpochClaimFailed(int partition, TimeSpan backoff, Exception exception);

    [LoggerMessage(10, LogLevel.Information, "Partitions {Partitions} left this silo ({How}); {Count} activations deactivated")]
    public partial void PartitionsReleased(string partitions, string how, int count);


    [LoggerMessage(7, LogLevel.Warning, "Writing the state of card/{CardId} failed; retrying in {Backoff}")]
    public partial void StateWriteFailed(string cardId, TimeSpan backoff, Exception exception);

    [LoggerMessage(13, LogLevel.Debug, "card/{CardId} moved while scoring ({Attempt}): asking again")]
    public partial void CardMoved(string cardId, int attempt, Exception exception);

    [LoggerMessage(14, LogLevel.Warning, "Reading partition owners failed; the last view stays")]
    public partial void OwnersRefreshFailed(Exception exception);

    [LoggerMessage(15, LogLevel.Debug, "Partition owners: {Owners}")]
    public partial void OwnersRead(string owners);

    [LoggerMessage(16, LogLevel.Debug, "card/{CardId} leaves this silo, which lost its partition, for {Owner}")]
    public partial void Leaving(string cardId, string owner);

    [LoggerMessage(17, LogLevel.Debug, "Deactivated card/{CardId} (partition {Partition})")]
    public partial void Deactivated(string cardId, int partition);

    [LoggerMessage(18, LogLevel.Warning, "Model {Champion} promoted to champion: {Silos}")]
    public partial void ModelPromoted(string champion, string silos);
}
