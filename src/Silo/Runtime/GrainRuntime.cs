using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Grains;
using Fraud.Orleans.Grains.Terminals;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Model;
using Fraud.Orleans.Runtime;
using Fraud.Orleans.Silo.Hosting;
using Microsoft.Extensions.Hosting;

namespace Fraud.Orleans.Silo.Runtime;

/// <summary>
/// The silo's grain host: activations per key on first message, one turn at a time, state read with its
/// ETag and checkpointed by the coordinator, idle activations closed once their state is durable. Placement
/// follows the consumer group: a card's activation lives on the silo that owns the card's partition, and is
/// deactivated when that partition leaves.
/// </summary>
public sealed class GrainRuntime : BackgroundService, IGrainFactory, IPartitionLifecycle
{
    public const string CardGrainType = "card";

    private readonly SiloOptions _options;
    private readonly RuntimeLog _log;
    private readonly TimeProvider _time;
    private readonly PartitionEpochs _epochs;
    private readonly PartitionMap _partitions;

    public GrainRuntime(
        IGrainStateStore store,
        CheckpointQueue checkpoints,
        PartitionEpochs epochs,
        PartitionMap partitions,
        IEnumerable<IActivationObserver> observers,
        ScoreBatcher scorer,
        ITerminalRiskSource terminals,
        CardGrainOptions cardOptions,
        SiloOptions options,
        TimeProvider time,
        RuntimeLog log,
        IHostApplicationLifetime lifetime)
    {
        _options = options;
        _log = log;
        _time = time;
        _epochs = epochs;
        _partitions = partitions;
        var policy = new DecisionPolicy(scorer.Metadata.Thresholds, cardOptions);
        var input = new ModelInput(scorer);
        var serializer = new CardStateSerializer();
        Cards = new GrainType<ICardGrain, CardState>(
            CardGrainType,
            (key, state) => new CardGrain(key, state, input, terminals, policy, cardOptions),
            static () => new CardState(),
            serializer,
            store,
            checkpoints,
            epochs,
            partitions,
            observers.ToArray(),
            time,
            log,
            lifetime.ApplicationStopping);
    }

    public int ActiveCards => Cards.Directory.Count;

    internal GrainType<ICardGrain, CardState> Cards { get; }

    public TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (typeof(TGrainInterface) == typeof(ICardGrain))
        {
            return (TGrainInterface)(object)new CardGrainReference(key, _partitions.PartitionOf(key), Cards);
        }

        throw new ArgumentException($"No grain class implements {typeof(TGrainInterface).Name} on this silo.");
    }

    /// <summary>Scores through the card's activation without allocating a reference: the ingest hot path.</summary>
    public ValueTask<FraudSignal> ScoreAsync(in Transaction transaction, int partition) =>
        Cards.InvokeAsync(transaction.CardId, partition, static (grain, tx) => grain.ScoreAsync(tx), transaction);

    /// <summary>
    /// Claims the partitions' ownership epochs; their grains activate lazily, on their first message. Whatever
    /// activation of theirs is still here was made before this claim, under no epoch or an older one, and goes.
    /// </summary>
    public void OnAssigned(IReadOnlyList<int> partitions)
    {
        foreach (var partition in partitions)
        {
            _epochs.Claim(partition);
        }

        var stale = Cards.Directory.DeactivatePartitions(partitions.ToHashSet());
        if (stale > 0)
        {
            _log.StaleActivationsDropped(string.Join(",", partitions), stale);
        }
    }

    public void OnReleased(IReadOnlyList<int> partitions, bool durable)
    {
        var closed = Cards.Directory.DeactivatePartitions(partitions.ToHashSet());
        foreach (var partition in partitions)
        {
            _epochs.Release(partition);
        }

        _log.PartitionsReleased(string.Join(",", partitions), durable ? "handed over durable" : "lost or fenced, unsaved state discarded", closed);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.IdleCheckInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                var closed = Cards.Directory.DeactivateIdle(_options.IdleTimeout);
                if (closed > 0)
                {
                    _log.DeactivatedIdle(closed);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
