using BenchmarkDotNet.Attributes;
using Fraud.Orleans.GrainInterfaces;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Hosting;

namespace Fraud.Orleans.Benchmarks;

/// <summary>
/// What Orleans itself costs a transaction: one grain call from outside the scheduler (as the Kafka gateway calls),
/// with a transaction in and a signal out, against the same method called directly. One silo in process, the grain
/// already active; the difference is messaging, scheduling and the turn (issue 12's budget: 5 µs).
/// </summary>
[MemoryDiagnoser]
public class OrleansCallBenchmarks
{
    private static readonly long Start = new DateTimeOffset(2018, 4, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private IHost _host = null!;
    private IEchoGrain _grain = null!;
    private long _next;

    [GlobalSetup]
    public void Setup()
    {
        _host = Host.CreateDefaultBuilder()
            .UseOrleans(silo => silo.UseLocalhostClustering())
            .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .Build();
        _host.Start();
        _grain = _host.Services.GetRequiredService<IGrainFactory>().GetGrain<IEchoGrain>("card-1");
        _grain.EchoAsync(Next(), 1).AsTask().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _host.StopAsync().GetAwaiter().GetResult();
        _host.Dispose();
    }

    [Benchmark(Baseline = true)]
    public float DirectCall() => Echo.SignalOf(Next()).Score;

    [Benchmark]
    public async Task<float> GrainCall() => (await _grain.EchoAsync(Next(), 1)).Score;

    /// <summary>Sixteen calls in flight at once, as a fetch of records fans out to their cards: the cost per call.</summary>
    [Benchmark(OperationsPerInvoke = 16)]
    public async Task<float> GrainCallsSixteenInFlight()
    {
        var calls = new Task<FraudSignal>[16];
        for (var i = 0; i < calls.Length; i++)
        {
            calls[i] = _grain.EchoAsync(Next(), 1).AsTask();
        }

        var score = 0f;
        foreach (var call in calls)
        {
            score += (await call).Score;
        }

        return score;
    }

    private Transaction Next()
    {
        var n = _next++;
        return new Transaction(n, "card-1", n % 40, 1_000 + (n % 9_000), Start + n);
    }
}
