using System.Diagnostics.Metrics;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Silo.LiveConsole;
using Fraud.Orleans.Silo.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;

namespace Fraud.Orleans.Silo.Hosting;

public static class MetricsServiceCollectionExtensions
{
    /// <summary>
    /// The service's instruments (<see cref="FraudMeter"/>) plus .NET runtime and process metrics, exported in
    /// Prometheus text format; map the endpoint with <c>MapPrometheusScrapingEndpoint()</c> (<c>/metrics</c>).
    /// </summary>
    public static IServiceCollection AddFraudMetrics(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SignalMetrics>();
        services.AddSingleton<ISignalObserver>(sp => sp.GetRequiredService<SignalMetrics>());
        services.AddSingleton<DecisionFigures>();
        services.AddHostedService<SiloGauges>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(FraudMeter.Name)
            .AddRuntimeInstrumentation()
            .AddProcessInstrumentation()
            .AddPrometheusExporter());

        // OpenTelemetry picks meters by name, and several silos may share a process (tests, clusters in one test
        // host): each exports only the instruments its own meter factory made, not the sum of all of them.
        services.ConfigureOpenTelemetryMeterProvider((provider, metrics) =>
        {
            var own = provider.GetRequiredService<IMeterFactory>();
            metrics.AddView(instrument =>
                instrument.Meter.Name == FraudMeter.Name && !ReferenceEquals(instrument.Meter.Scope, own) ? MetricStreamConfiguration.Drop : null);
        });
        return services;
    }
}
