using System.Diagnostics.Metrics;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Silo.Hosting;
using Fraud.Orleans.Silo.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace Fraud.Orleans.Tests.Metrics;

/// <summary>Recording a decision and a durable signal, with OpenTelemetry aggregating them, allocates nothing once warm.</summary>
public sealed class MetricsAllocationTests
{
    [Fact]
    public void Signal_instruments_allocate_no_managed_memory_while_exported()
    {
        var services = new ServiceCollection().AddLogging().AddMetrics().AddFraudMetrics();
        using var provider = services.BuildServiceProvider();
        _ = provider.GetRequiredService<MeterProvider>(); // what the host does at start: OpenTelemetry begins to listen
        var metrics = provider.GetRequiredService<SignalMetrics>();
        AssertExported(provider.GetRequiredService<IMeterFactory>(), "fraud.transactions.decided", "fraud.signal.durable_latency");

        var signals = new[] { Signal(Decision.Approve), Signal(Decision.Review), Signal(Decision.Block) };
        var traceTimeMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Record(metrics, signals, traceTimeMs, 3_000); // warm-up: JIT, OpenTelemetry's per-tag-set slots

        var before = GC.GetAllocatedBytesForCurrentThread();
        Record(metrics, signals, traceTimeMs, 3_000);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void Record(SignalMetrics metrics, FraudSignal[] signals, long traceTimeMs, int times)
    {
        for (var i = 0; i < times; i++)
        {
            ref readonly var signal = ref signals[i % signals.Length];
            metrics.OnDecided(signal, traceTimeMs - (i % 50));
            metrics.OnDurable(signal, traceTimeMs - (i % 500));
        }
    }

    /// <summary>Without a listener an instrument records nothing, and allocating nothing would prove nothing.</summary>
    private static void AssertExported(IMeterFactory scope, params string[] names)
    {
        var enabled = new Dictionary<string, bool>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == FraudMeter.Name && ReferenceEquals(instrument.Meter.Scope, scope))
                {
                    enabled[instrument.Name] = instrument.Enabled;
                }
            },
        };
        listener.Start();
        foreach (var name in names)
        {
            Assert.True(enabled.GetValueOrDefault(name), $"{name} has no listener");
        }
    }

    private static FraudSignal Signal(Decision decision) =>
        new(1, "card-1", 7, 1234, 1_530_000_000_000, default, default, default, 0.25f, decision, ReasonCodes.None, "test-model");
}
