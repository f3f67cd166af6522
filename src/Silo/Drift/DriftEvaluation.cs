using Microsoft.Extensions.Hosting;

namespace Fraud.Orleans.Silo.Drift;

/// <summary>Evaluates drift every <see cref="DriftOptions.EvaluateEvery"/>, so a crossing is logged even when nobody scrapes the metrics.</summary>
public sealed class DriftEvaluation(DriftMonitor monitor, DriftOptions options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!monitor.IsEnabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.EvaluateEvery, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                monitor.Evaluate();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
