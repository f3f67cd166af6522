using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Silo.Cards;
using Fraud.Orleans.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Orleans;

namespace Fraud.Orleans.Tests.Integration;

/// <summary>Card grains on an Orleans silo: one turn at a time, idle retirement once durable, reactivation from DynamoDB.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class CardGrainHostingTests(InfrastructureFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly long Start = new DateTimeOffset(2018, 4, 2, 8, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    [Fact]
    public async Task Concurrent_calls_to_one_grain_run_one_at_a_time()
    {
        var names = fixture.NewNames(partitions: 1);
        await using var silo = await TestSilo.StartAsync(fixture, names);
        await WaitUntilOwnedAsync(silo.Services, "busy");
        var card = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<ICardGrain>("busy");
        const int Calls = 400;

        // Arrival order is random, so each window depends on which earlier-in-event-time calls ran first;
        // what interleaved turns would break is the state itself: lost or doubled inserts.
        var signals = await Task.WhenAll(Enumerable.Range(1, Calls).Select(i =>
            Task.Run(async () => await card.ScoreAsync(new Transaction(i, "busy", 1, 1_00, Start + i * 1000), ownerEpoch: 0)))).WaitAsync(Deadline);

        var after = await card.ScoreAsync(new Transaction(Calls + 1, "busy", 1, 1_00, Start + (Calls + 1) * 1000), ownerEpoch: 0).AsTask().WaitAsync(Deadline);
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
        await WaitUntilOwnedAsync(silo.Services, "sleepy");
        var grains = silo.Services.GetRequiredService<IGrainFactory>();
        var cards = silo.Services.GetRequiredService<CardActivations>();
        await grains.GetGrain<ICardGrain>("sleepy").ScoreAsync(new Transaction(1, "sleepy", 1, 12_34, Start), ownerEpoch: 0);
        await grains.GetGrain<ICardGrain>("sleepy").ScoreAsync(new Transaction(2, "sleepy", 1, 10_00, Start + 60_000), ownerEpoch: 0);
        Assert.Equal(1, cards.Count);

        // It may only close after a checkpoint made its state durable.
        await Eventually.WaitUntilAsync(() => cards.Count == 0, Deadline, () => $"{cards.Count} activations still live");

        var again = await grains.GetGrain<ICardGrain>("sleepy").ScoreAsync(new Transaction(3, "sleepy", 1, 1_00, Start + 120_000), ownerEpoch: 0);
        var live = await grains.GetGrain<ICardGrain>("sleepy").GetLiveScoreAsync();
        Assert.Equal(3, again.Features.Count1Day);
        Assert.Equal(3, live.TransactionsCounted);
        Assert.Equal(23_34, live.TotalAmountMinor);
        Assert.Equal(1, cards.Count);
    }

    [Fact]
    public async Task A_call_at_a_newer_ownership_epoch_moves_the_card_and_drops_what_this_silo_did_not_make_durable()
    {
        var names = fixture.NewNames(partitions: 1);
        await using var silo = await TestSilo.StartAsync(fixture, names, new Dictionary<string, string?> { ["Silo:CheckpointInterval"] = "00:05:00" });
        await WaitUntilOwnedAsync(silo.Services, "moved");
        var card = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<ICardGrain>("moved");
        var epoch = silo.Services.GetRequiredService<PartitionEpochs>().Current(0);

        await card.ScoreAsync(new Transaction(1, "moved", 1, 5_00, Start), ownerEpoch: epoch);
        await silo.Services.GetRequiredService<IDurabilityBarrier>().MakeDurableAsync(CancellationToken.None);
        await card.ScoreAsync(new Transaction(2, "moved", 1, 7_00, Start + 1000), ownerEpoch: epoch);

        // A caller that owns the partition at a newer epoch: this silo is stale, the card leaves it with its unsaved change.
        await Assert.ThrowsAsync<CardMovedException>(() => card.ScoreAsync(new Transaction(3, "moved", 1, 9_00, Start + 2000), ownerEpoch: epoch + 1).AsTask());
        var cards = silo.Services.GetRequiredService<CardActivations>();
        await Eventually.WaitUntilAsync(() => !cards.IsActive("moved"), Deadline, () => "the card still active");

        var live = await card.GetLiveScoreAsync();
        Assert.Equal(1, live.TransactionsCounted);
        Assert.Equal(5_00, live.TotalAmountMinor);
    }

    /// <summary>The silo's gateway owns the card's partition and has claimed its epoch: grains take transactions.</summary>
    private static Task WaitUntilOwnedAsync(IServiceProvider services, string cardId)
    {
        var cards = services.GetRequiredService<CardActivations>();
        return Eventually.WaitUntilAsync(() => cards.EpochOf(cardId) > 0, Deadline, () => $"the partition of {cardId} owned and claimed");
    }
}
