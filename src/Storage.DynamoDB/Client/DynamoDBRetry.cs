namespace Fraud.Orleans.Storage.DynamoDB;

/// <summary>
/// Runs a DynamoDB operation again after transient failures (<see cref="DynamoDBTransientErrors"/>), with
/// exponential backoff and full jitter, up to <see cref="DynamoDBClientOptions.MaxAttempts"/> attempts.
/// </summary>
internal sealed class DynamoDBRetry(DynamoDBClientOptions options, TimeProvider time, Action<Exception, int, TimeSpan>? onRetry = null)
{
    /// <summary>Runs <paramref name="operation"/> (given the attempt number, from 1) until it succeeds or fails for good.</summary>
    public async Task<T> RunAsync<T>(Func<int, CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        var ceiling = options.FirstRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await operation(attempt, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (attempt < options.MaxAttempts && DynamoDBTransientErrors.IsTransient(ex, cancellationToken))
            {
                // Full jitter: silos throttled together do not come back together.
                var delay = TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * ceiling.Ticks));
                onRetry?.Invoke(ex, attempt, delay);
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
                ceiling = TimeSpan.FromTicks(Math.Min(ceiling.Ticks * 2, options.MaxRetryDelay.Ticks));
            }
        }
    }

    public Task RunAsync(Func<int, CancellationToken, Task> operation, CancellationToken cancellationToken) =>
        RunAsync<bool>(async (attempt, ct) =>
        {
            await operation(attempt, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);
}
