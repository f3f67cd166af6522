using Fraud.Orleans.Silo.Api;
using Fraud.Orleans.Silo.Cards;
using Fraud.Orleans.Silo.Hosting;
using Fraud.Orleans.Silo.Pipeline;
using Fraud.Orleans.Ingest;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fraud.Orleans.Cli.Bench;

/// <summary>
/// <c>fraud bench --worker silo</c>: one silo in its own process, so that the bench reads a silo CPU figure that
/// holds nothing of the load generator or the Kafka mock. Its settings come from FRAUD__* environment variables
/// set by the bench (the silo reads them itself); it reports status lines on stdout, keeps its
/// <see cref="TransactionLog"/> in a mapped file (left behind even by a kill -9), and stops gracefully when its stdin
/// closes.
/// </summary>
public static class SiloWorker
{
    public static async Task<int> RunAsync(string logPath, int capacity, CancellationToken cancellationToken)
    {
        using var log = new TransactionLog(logPath, capacity);
        var silo = await SiloHost.StartAsync([], builder =>
        {
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Services.AddSingleton<ISignalObserver>(log);

            // The bench reads its workers from their status lines, not their API: the keys only let the silo start.
            SessionApiKeys.AddIfNoneConfigured(builder);
        }, cancellationToken);
        var calls = silo.Services.GetRequiredService<GrainCallMetrics>();
        var cards = silo.Services.GetRequiredService<CardActivations>();
        try
        {
            var gateway = silo.Services.GetRequiredService<KafkaIngestGateway>();
            // Console.In reads synchronously even through its async methods: wait for end-of-stream on a pool thread.
            var stdinClosed = Task.Run(() => Console.In.ReadToEnd(), cancellationToken);
            while (!stdinClosed.IsCompleted)
            {
                var owned = gateway.OwnedPartitions;
                Console.Out.WriteLine(new WorkerStatus(
                    owned.Count > 0, log.Decided, log.Durable, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), calls.Calls, calls.Remote, owned, cards.Count).ToLine());
                Console.Out.Flush();
                await Task.WhenAny(stdinClosed, Task.Delay(500, cancellationToken));
            }
        }
        finally
        {
            await silo.DisposeAsync(); // graceful: the gateway checkpoints and commits before it leaves
        }

        if (log.OutOfRange > 0)
        {
            Console.Error.WriteLine($"silo worker: {log.OutOfRange} signals had transaction ids outside 0..{capacity - 1}");
        }

        Console.Out.WriteLine(new WorkerStatus(false, log.Decided, log.Durable, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), calls.Calls, calls.Remote).ToLine());

        // A signal of an id that was never sent is a fault the read-back by key cannot see: fail the phase.
        return log.OutOfRange > 0 ? 3 : 0;
    }
}
