namespace Fraud.Orleans.Silo.Pipeline;

/// <summary>
/// Spreads one periodic checkpoint's state writes evenly over a stretch of time instead of sending them at once.
/// Five thousand conditional writes in a burst hold DynamoDB for seconds, and the signals queued behind them wait
/// as long; spread over half the interval they cost the same and delay nothing. A hand-over cannot wait for the
/// spread: cancelling <paramref name="hurry"/> lets every remaining write go at once.
/// </summary>
public sealed class StateWritePacer(TimeProvider time, TimeSpan spread, int writes, CancellationToken hurry)
{
    private readonly long _started = time.GetTimestamp();
    private int _next;

    /// <summary>Waits until the next write's turn (or until hurried); throws only when <paramref name="cancellationToken"/> is cancelled.</summary>
    public async ValueTask WaitTurnAsync(CancellationToken cancellationToken)
    {
        var turn = Interlocked.Increment(ref _next) - 1;
        if (writes <= 1 || spread <= TimeSpan.Zero || hurry.IsCancellationRequested)
        {
            return;
        }

        var wait = spread * turn / writes - time.GetElapsedTime(_started);
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, hurry);
        try
        {
            await Task.Delay(wait, time, either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Hurried: the rest go now.
        }
    }
}
