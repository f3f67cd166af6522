using Fraud.Orleans.Silo.Pipeline;

namespace Fraud.Orleans.Tests.Integration;

public sealed class StateWritePacerTests
{
    [Fact]
    public async Task Writes_take_turns_across_the_spread_until_hurried_then_all_go_at_once()
    {
        using var hurry = new CancellationTokenSource();
        var pacer = new StateWritePacer(TimeProvider.System, TimeSpan.FromHours(1), writes: 10, hurry.Token);

        Assert.True(pacer.WaitTurnAsync(CancellationToken.None).IsCompleted); // the first write goes at once
        var second = pacer.WaitTurnAsync(CancellationToken.None).AsTask();
        var third = pacer.WaitTurnAsync(CancellationToken.None).AsTask();
        Assert.False(second.IsCompleted); // due 6 minutes into the spread
        Assert.False(third.IsCompleted);

        await hurry.CancelAsync();
        await Task.WhenAll(second, third).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(pacer.WaitTurnAsync(CancellationToken.None).IsCompleted);
    }

    [Fact]
    public async Task Cancelling_the_checkpoint_itself_is_not_taken_for_hurry()
    {
        using var stop = new CancellationTokenSource();
        var pacer = new StateWritePacer(TimeProvider.System, TimeSpan.FromHours(1), writes: 2, CancellationToken.None);
        await pacer.WaitTurnAsync(stop.Token);
        var second = pacer.WaitTurnAsync(stop.Token).AsTask();
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void No_spread_or_a_single_write_never_waits()
    {
        Assert.True(new StateWritePacer(TimeProvider.System, TimeSpan.Zero, 100, CancellationToken.None).WaitTurnAsync(CancellationToken.None).IsCompleted);
        var single = new StateWritePacer(TimeProvider.System, TimeSpan.FromHours(1), 1, CancellationToken.None);
        Assert.True(single.WaitTurnAsync(CancellationToken.None).IsCompleted);
    }
}
