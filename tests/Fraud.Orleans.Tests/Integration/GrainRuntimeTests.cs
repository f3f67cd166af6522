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
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly long Start = new DateTimeOffset(2018, 4, 2, 8, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    [Fact]
    public async Task Concurrent_calls_to_one_grain_run_one_at_a_time()
    {
        var names = fixture.NewNames(partitions: 1);
        await using var silo = await TestSilo.StartAsync(fixture, names);
        var card = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<ICardGrain>("busy");
        const int Calls = 400;

        // Arrival order is random, so each window depends on which earlier-in-event-time calls ran first;
        // what interleaved turns would break is the state itself: lost or doubled inserts.
        var signals = await Task.WhenAll(Enumerable.Range(1, Calls).Select(i =>
            Task.Run(async () => await card.ScoreAsync(new Transaction(i, "busy", 1, 1_00, Start + i * 1000))))).WaitAsync(Deadline);

        var after = await card.ScoreAsync(new Transaction(Calls + 1, "busy", 1, 1_00, Start + (Calls + 1) * 1000)).AsTask().WaitAsync(Deadline);
        var live = await card.GetLiveScoreAsync().AsTask().WaitAsync(Deadline);

        Assert.Equal(Enumerable.Range(1, Calls).Select(i => (long)i), signals.Select(s => s.TransactionId).Order());
        Assert.Equal(Calls + 1, after.Features.Count1Day);
        Assert.Equal(1.00, after.Features.MeanAmount1Day);
        Assert.Equal(1.0, after.Features.SecondsSincePrevious);
        Assert.Equal(Calls + 1, live.TransactionsCounted);
        Assert.Equal((Calls + 1) * 1_00, live.TotalAmountMinor);
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
