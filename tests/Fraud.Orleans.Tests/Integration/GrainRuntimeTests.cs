using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Runtime;
using Fraud.Orleans.Silo.Runtime;
using Fraud.Orleans.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Fraud.Orleans.Tests.Integration;

/// <summary>The Orleans-shaped runtime: one turn at a time, idle deactivation, reactivation from DynamoDB.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class GrainRuntimeTests(InfrastructureFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly long Start = new DateTimeOffset(2018, 4, 2, 8, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    [Fact]
    public async Task Concurrent_calls_to_one_grain_run_one_at_a_time()
    {
        var names = fixture.NewNames(partitions: 1);
        await using var silo = await TestSilo.StartAsync(fixture, names);
        var card = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<ICardGrain>("busy");
        const int Calls = 400;

        // Same event time for all, ids decide the order: whichever turn runs k-th must see exactly k transactions.
        var signals = await Task.WhenAll(Enumerable.Range(1, Calls).Select(i =>
            Task.Run(async () => await card.ScoreAsync(new Transaction(i, "busy", 1, 1_00, Start + i * 1000)))));

        var live = await card.GetLiveScoreAsync();
        Assert.Equal(Calls, live.TransactionsCounted);
        Assert.Equal(Calls * 1_00, live.TotalAmountMinor);
        // Interleaved turns would compute the same window twice or lose an insert.
        Assert.Equal(Enumerable.Range(1, Calls), signals.Select(s => s.Features.Count1Day).Order());
    }

    [Fact]
    public async Task Idle_grains_deactivate_once_durable_and_reactivate_from_DynamoDB()
    {
        var names = fixture.NewNames(partitions: 1);
        await using var silo = await TestSilo.StartAsync(fixture, names, new Dictionary<string, string?>
        {
            ["Silo:IdleTimeout"] = "00:00:00.500",
            ["Silo:IdleCheckInterval"] = "00:00:00.100",
        });
        var grains = silo.Services.GetRequiredService<IGrainFactory>();
        var runtime = silo.Services.GetRequiredService<GrainRuntime>();
        await grains.GetGrain<ICardGrain>("sleepy").ScoreAsync(new Transaction(1, "sleepy", 1, 12_34, Start));
        await grains.GetGrain<ICardGrain>("sleepy").ScoreAsync(new Transaction(2, "sleepy", 1, 10_00, Start + 60_000));
        Assert.Equal(1, runtime.ActiveCards);

        // It may only close after a checkpoint made its state durable.
        await Eventually.WaitUntilAsync(() => runtime.ActiveCards == 0, Deadline, () => $"{runtime.ActiveCards} activations still live");

        var again = await grains.GetGrain<ICardGrain>("sleepy").ScoreAsync(new Transaction(3, "sleepy", 1, 1_00, Start + 120_000));
        var live = await grains.GetGrain<ICardGrain>("sleepy").GetLiveScoreAsync();
        Assert.Equal(3, again.Features.Count1Day);
        Assert.Equal(3, live.TransactionsCounted);
        Assert.Equal(23_34, live.TotalAmountMinor);
        Assert.Equal(1, runtime.ActiveCards);
    }
}
