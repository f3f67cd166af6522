using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Grains;
using Fraud.Orleans.Grains.Terminals;
using Fraud.Orleans.Model;
using Fraud.Orleans.Runtime;
using Fraud.Orleans.Silo.Hosting;
using Microsoft.Extensions.Hosting;

namespace Fraud.Orleans.Silo.Runtime;

/// <summary>
/// The silo's grain host: activations per key on first message, one turn at a time, state read with its
/// ETag and checkpointed by the coordinator, idle activations closed once their state is durable.
/// </summary>
public sealed class GrainRuntime : BackgroundService, IGrainFactory
{
    public const string CardGrainType = "card";

    private readonly SiloOptions _options;
    private readonly RuntimeLog _log;
    private readonly TimeProvider _time;

    public GrainRuntime(
        IGrainStateStore store,
        CheckpointQueue checkpoints,
        IFraudModel model,
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
        var policy = new DecisionPolicy(model.Metadata.Thresholds, cardOptions);
        var input = new ModelInput(model);
        var serializer = new CardStateSerializer();
        Cards = new GrainType<ICardGrain, CardState>(
            CardGrainType,
            (key, state) => new CardGrain(key, state, input, terminals, policy, cardOptions),
            static () => new CardState(),
            serializer,
            store,
            checkpoints,
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
            return (TGrainInterface)(object)new CardGrainReference(key, Cards);
        }

        throw new ArgumentException($"No grain class implements {typeof(TGrainInterface).Name} on this silo.");
    }

    /// <summary>Scores through the card's activation without allocating a reference: the ingest hot path.</summary>
    public ValueTask<FraudSignal> ScoreAsync(in Transaction transaction) =>
        Cards.InvokeAsync(transaction.CardId, static (grain, tx) => grain.ScoreAsync(tx), transaction);

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
