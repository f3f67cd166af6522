using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Silo.Hosting;
using Microsoft.Extensions.Hosting;
using Orleans;

namespace Fraud.Orleans.Silo.Cards;

/// <summary>
/// Deactivates cards idle for <see cref="SiloOptions.IdleTimeout"/> whose state is durable. Card grains are kept
/// alive against Orleans' own idle collector, which would deactivate a card with changes not yet written.
/// </summary>
public sealed class IdleCardRetirement(CardActivations cards, IGrainFactory grains, SiloOptions options, TimeProvider time, CardHostLog log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.IdleCheckInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                var retired = 0;
                foreach (var cardId in cards.All())
                {
                    try
                    {
                        if (await grains.GetGrain<ICardGrainControl>(cardId).RetireIfIdleAsync(options.IdleTimeout).ConfigureAwait(false))
                        {
                            retired++;
                        }
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        // Asked again at the next check.
                    }
                }

                if (retired > 0)
                {
                    log.DeactivatedIdle(retired);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
