namespace Fraud.Orleans.Model;

/// <summary>
/// One burst for every thread of the process: rows asked for while a model run is queued or under way wait for the
/// next run, so concurrent turns share runs without a linger. The first row into an empty burst queues a run on the
/// thread pool behind the work already queued there (the other turns of the same fetch), which is what fills it;
/// a lone row waits only for that one hop. One run at a time, alternating two buffers: rows arriving during a run
/// go to the other one.
/// </summary>
internal sealed class SharedScoreBurst : IThreadPoolWorkItem
{
    private readonly Lock _lock = new();
    private readonly IFraudModel _model;
    private ScoreBurst _active;
    private ScoreBurst _spare;
    private bool _queued;

    public SharedScoreBurst(IFraudModel model, int width, int capacity)
    {
        _model = model;
        _active = new ScoreBurst(width, capacity);
        _spare = new ScoreBurst(width, capacity);
    }

    public ValueTask<float> Add(ReadOnlySpan<float> row)
    {
        ValueTask<float> pending;
        bool queue;
        lock (_lock)
        {
            pending = _active.Add(row);
            queue = !_queued;
            _queued = true;
        }

        if (queue)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }

        return pending;
    }

    /// <summary>Runs what has gathered until nothing is left; awaiters go on in their own schedulers (grain turns), not here.</summary>
    public void Execute()
    {
        while (true)
        {
            ScoreBurst full;
            lock (_lock)
            {
                if (_active.Count == 0)
                {
                    _queued = false;
                    return;
                }

                full = _active;
                _active = _spare;
                _spare = full;
            }

            full.Run(_model);
        }
    }
}
