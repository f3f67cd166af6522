namespace Fraud.Orleans.Model;

/// <summary>
/// Scores rows with one model run per burst instead of one run per row. ONNX Runtime's tree ensemble costs about
/// 30 µs for a lone row of varied traffic and under 10 µs a row in runs of 16 or more: a run pays the call's fixed
/// cost once and walks each tree for all its rows while the tree is in cache. Grain turns run on pool threads, so
/// the rows that turns running at the same time ask for share one process-wide burst (<see cref="SharedScoreBurst"/>)
/// where the host asks for it; otherwise (tests, tools) a row is scored at once.
/// </summary>
public sealed class ScoreBatcher
{
    private readonly IFraudModel _model;
    private readonly SharedScoreBurst? _shared;

    /// <param name="model">The model that scores.</param>
    /// <param name="maxRows">Rows a burst holds before it grows (a run takes every row gathered while the previous one ran).</param>
    /// <param name="acrossThreads">Rows asked for at the same time on any thread share model runs instead of running at once.</param>
    public ScoreBatcher(IFraudModel model, int maxRows = 64, bool acrossThreads = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        _model = model;
        _shared = acrossThreads ? new SharedScoreBurst(model, model.Metadata.Features.Count, maxRows) : null;
    }

    public ModelMetadata Metadata => _model.Metadata;

    /// <summary>P(fraud) of <paramref name="row"/>: now, or when the shared burst it joined runs.</summary>
    public ValueTask<float> ScoreAsync(ReadOnlySpan<float> row) =>
        _shared is null ? new ValueTask<float>(_model.Score(row)) : _shared.Add(row);
}
