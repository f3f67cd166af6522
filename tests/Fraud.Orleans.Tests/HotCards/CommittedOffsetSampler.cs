using Fraud.Orleans.Tests.Cluster;
using Fraud.Orleans.Tests.Integration;

namespace Fraud.Orleans.Tests.HotCards;

/// <summary>Reads one partition's committed offset for the group every <c>period</c>, in the background, with the wall clock of each read.</summary>
public sealed class CommittedOffsetSampler : IAsyncDisposable
{
    private readonly List<(long AtUnixMs, long Offset)> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public CommittedOffsetSampler(string bootstrap, TestNames names, int partitions, int partition, TimeSpan period)
    {
        _loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(period);
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                var at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                var offset = ClusterChecks.Committed(bootstrap, names, partitions)[partition];
                lock (_samples)
                {
                    _samples.Add((at, offset));
                }
            }
        });
    }

    public IReadOnlyList<(long AtUnixMs, long Offset)> Samples
    {
        get
        {
            lock (_samples)
            {
                return [.. _samples];
            }
        }
    }

    public string Describe(long originUnixMs) => string.Join(" ", Samples.Select(s => $"{(s.AtUnixMs - originUnixMs) / 1000.0:0.0}s@{s.Offset}"));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
