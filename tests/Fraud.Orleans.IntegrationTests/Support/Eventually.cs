namespace Fraud.Orleans.IntegrationTests.Support;

/// <summary>Waits on a condition with a deadline: tests never sleep to synchronise.</summary>
public static class Eventually
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Runs <paramref name="attempt"/> until it returns without throwing; its last failure explains a time-out.</summary>
    public static async Task<T> SucceedsAsync<T>(Func<Task<T>> attempt, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return await attempt();
            }
            catch (Exception ex)
            {
                if (DateTime.UtcNow >= deadline)
                {
                    throw new TimeoutException($"{what}: still failing after {timeout}", ex);
                }
            }

            await Task.Delay(PollInterval);
        }
    }

    public static Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what) =>
        SucceedsAsync(async () => await condition() ? true : throw new InvalidOperationException($"not yet: {what}"), timeout, what);
}
