namespace Fraud.Orleans.Model;

/// <summary>
/// Scores rows with one model run per burst instead of one run per row. ONNX Runtime's tree ensemble costs about
/// 30 µs for a lone row of varied traffic and under 10 µs a row in runs of 16 or more: a run pays the call's fixed
/// cost once and walks each tree for all its rows while the tree is in cache. A thread opens a burst (the ingest
/// loop, around the records one poll brings); rows scored on that thread meanwhile get pending scores, delivered
/// by one run when the burst closes or holds <see cref="MaxRows"/> rows. With no burst open on the calling thread
/// a row is scored at once (tests, tools), or, where the host asks for it, with the rows other threads ask for at
/// the same time (grain turns on pool threads).
/// </summary>
public sealed class ScoreBatcher
{
    [ThreadStatic]
    private static OpenBursts? t_bursts;

    private readonly IFraudModel _model;
    private readonly int _width;
    private readonly SharedScoreBurst? _shared;

    /// <param name="model">The model that scores.</param>
    /// <param name="maxRows">Rows a thread's burst gathers before it runs them without waiting for its close.</param>
    /// <param name="acrossThreads">
    /// Rows scored outside a thread's burst share one process-wide burst (<see cref="SharedScoreBurst"/>) instead of
    /// running at once: grain turns run on pool threads, where no ingest loop opens bursts.
    /// </param>
    public ScoreBatcher(IFraudModel model, int maxRows = 64, bool acrossThreads = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        _model = model;
        _width = model.Metadata.Features.Count;
        MaxRows = maxRows;
        _shared = acrossThreads ? new SharedScoreBurst(model, _width, maxRows) : null;
    }

    /// <summary>Rows a burst gathers before it runs them without waiting for its close.</summary>
    public int MaxRows { get; }

    public ModelMetadata Metadata => _model.Metadata;

    /// <summary>P(fraud) of <paramref name="row"/>: now, or when the calling thread's open burst runs.</summary>
    public ValueTask<float> ScoreAsync(ReadOnlySpan<float> row)
    {
        var bursts = t_bursts;
        if (bursts is null || !ReferenceEquals(bursts.Owner, this) || !bursts.IsOpen)
        {
            return _shared is null ? new ValueTask<float>(_model.Score(row)) : _shared.Add(row);
        }

        var pending = bursts.Active.Add(row);
        if (bursts.Active.Count >= MaxRows)
        {
            bursts.RunAll(_model);
        }

        return pending;
    }

    /// <summary>Opens a burst on the calling thread; scores asked for on it wait for <see cref="Close"/>.</summary>
    public void Open()
    {
        var bursts = t_bursts;
        if (bursts is null || !ReferenceEquals(bursts.Owner, this))
        {
            if (bursts is { IsOpen: true })
            {
                bursts.RunAll(bursts.Owner._model); // another batcher's burst: deliver it, this thread serves one at a time
            }

            bursts = t_bursts = new OpenBursts(this);
        }

        bursts.IsOpen = true;
    }

    /// <summary>Runs the calling thread's open burst and closes it: every pending score is delivered (and the turns
    /// awaiting them have gone on) before this returns. Does nothing when no burst is open.</summary>
    public void Close()
    {
        var bursts = t_bursts;
        if (bursts is null || !ReferenceEquals(bursts.Owner, this) || !bursts.IsOpen)
        {
            return;
        }

        bursts.RunAll(_model);
        bursts.IsOpen = false;
    }

    /// <summary>The calling thread's burst state for one batcher: two buffers, so that rows asked for by turns
    /// resuming inside a run go to the other one and wait for the next run.</summary>
    private sealed class OpenBursts(ScoreBatcher owner)
    {
        private ScoreBurst _spare = new(owner._width, owner.MaxRows);
        private bool _running;

        public ScoreBatcher Owner { get; } = owner;

        public bool IsOpen { get; set; }

        public ScoreBurst Active { get; private set; } = new(owner._width, owner.MaxRows);

        public void RunAll(IFraudModel model)
        {
            if (_running)
            {
                return; // the run in progress loops until nothing is left
            }

            _running = true;
            try
            {
                while (Active.Count > 0)
                {
                    var full = Active;
                    Active = _spare;
                    _spare = full;
                    full.Run(model);
                }
            }
            finally
            {
                _running = false;
            }
        }
    }
}
