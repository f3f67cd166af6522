namespace Fraud.Orleans.Tests.Support;

/// <summary>Waits on a condition with a deadline: tests never sleep to synchronise.</summary>
public static class Eventually
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> describe)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not true after {timeout}: {describe()}");
            }

            await Task.Delay(PollInterval);
        }
    }

    public static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, Func<string> describe) =>
        WaitUntilAsync(() => Task.FromResult(condition()), timeout, describe);
}
