using System.Threading.Tasks.Sources;

namespace Fraud.Orleans.Model;

/// <summary>
/// A score that a burst's model run will deliver. Reused from burst to burst once its awaiter has read it, so a
/// batched score allocates nothing in the steady state.
/// </summary>
internal sealed class PendingScore : IValueTaskSource<float>
{
    // Continuations run on the thread that completes the burst: the awaiting turn goes on at once, in the same
    // burst, instead of queueing on the thread pool behind everything else.
    private ManualResetValueTaskSourceCore<float> _core = new() { RunContinuationsAsynchronously = false };

    // Read under the shared burst's lock while an awaiter on another thread may be setting it.
    private volatile bool _reusable;

    /// <summary>True once the awaiter has read the result: the object can carry the next row's score.</summary>
    public bool Reusable => _reusable;

    public ValueTask<float> Arm()
    {
        _core.Reset();
        _reusable = false;
        return new ValueTask<float>(this, _core.Version);
    }

    public void Complete(float probability) => _core.SetResult(probability);

    public void Fail(Exception error) => _core.SetException(error);

    public float GetResult(short token)
    {
        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            _reusable = true;
        }
    }

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
