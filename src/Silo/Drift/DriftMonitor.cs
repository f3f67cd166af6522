using System.Diagnostics.Metrics;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Model;

namespace Fraud.Orleans.Silo.Drift;

/// <summary>
/// Silo-wide drift of the model's inputs and score: each scored row's features and score are counted into the
/// training bins of the model's metadata (<see cref="DriftReference"/>) over a sliding window
/// (<see cref="DriftOptions.Window"/>), and the window's population stability index against training is exported
/// as <c>fraud.drift.psi{feature}</c> (the score as feature <c>score</c>), with the score's window and training
/// shares per bin (<c>fraud.drift.score_share{bin, population}</c>) and the window's size
/// (<c>fraud.drift.window_transactions</c>). Counting is a binary search per feature and an <see cref="Interlocked"/> increment per
/// bin touched; PSI is computed only when metrics are collected or <see cref="Evaluate"/> runs (on a timer,
/// <see cref="DriftEvaluation"/>), which also logs a warning when a PSI crosses <see cref="DriftOptions.WarnAbove"/>.
/// </summary>
public sealed class DriftMonitor
{
    /// <summary>The score's name among the features in the PSI gauge and the logs.</summary>
    public const string ScoreName = "score";

    /// <summary>Rows from which a call tallies on the stack before adding to the shared counts.</summary>
    private const int LocalTallyFrom = 4;

    /// <summary>Bins beyond which the stack tally would be too large (the shipped model has 218).</summary>
    private const int MaxLocalBins = 4096;

    private readonly DriftOptions _options;
    private readonly TimeProvider _time;
    private readonly DriftLog _log;
    private readonly string _modelVersion;
    private readonly int _width;

    // Every column (the features, then the score): its edges in _edges and its bins in the window's counts.
    private readonly float[] _edges;
    private readonly int[] _edgeStart;
    private readonly int[] _edgeCount;
    private readonly int[] _binStart;
    private readonly double[][] _expected;
    private readonly string[] _names;
    private readonly DriftWindow? _window;

    private readonly Lock _evaluate = new();
    private readonly long[] _sums;
    private readonly bool[] _above;
    private readonly KeyValuePair<string, object?>[] _featureTags;
    private readonly KeyValuePair<string, object?>[][] _scoreBinTags;

    public DriftMonitor(IFraudModel model, DriftOptions options, IMeterFactory meters, TimeProvider time, DriftLog log)
    {
        _options = options;
        _time = time;
        _log = log;
        _modelVersion = model.Metadata.ModelVersion;
        var reference = model.Metadata.Drift;
        var columns = reference is null ? [] : reference.Features.Append(reference.Score with { Name = ScoreName }).ToArray();
        _width = model.Metadata.Features.Count;
        _names = columns.Select(c => c.Name!).ToArray();
        _expected = columns.Select(c => c.Shares).ToArray();
        _edges = columns.SelectMany(c => c.Edges).ToArray();
        _edgeCount = columns.Select(c => c.Edges.Length).ToArray();
        _edgeStart = new int[columns.Length];
        _binStart = new int[columns.Length];
        for (var c = 1; c < columns.Length; c++)
        {
            _edgeStart[c] = _edgeStart[c - 1] + _edgeCount[c - 1];
            _binStart[c] = _binStart[c - 1] + columns[c - 1].BinCount;
        }

        var bins = columns.Sum(c => c.BinCount);
        _sums = new long[bins];
        _above = new bool[columns.Length];
        _featureTags = _names.Select(n => new KeyValuePair<string, object?>("feature", n)).ToArray();
        var score = reference?.Score;
        _scoreBinTags = score is null ? [] : Enumerable.Range(0, score.BinCount).Select(b => ScoreBinTags(score.Edges, b)).ToArray();

        if (!options.Enabled)
        {
            log.Off("Silo:Drift:Enabled is false");
            return;
        }

        if (reference is null)
        {
            log.Off($"model {_modelVersion}'s metadata has no drift section (model/drift_bins.py adds one)");
            return;
        }

        _window = new DriftWindow(bins, options.BucketCount, options.Bucket);
        var meter = meters.Create(FraudMeter.Name);
        meter.CreateObservableGauge("fraud.drift.psi", MeasurePsi, description: "Population stability index of the last window of scored transactions against the training distribution, per model input (feature=\"score\": the score)");
        meter.CreateObservableGauge("fraud.drift.score_share", MeasureScoreShares, description: "Share of scores per bin, population=\"window\" (the last window) or \"training\"");
        meter.CreateObservableGauge("fraud.drift.window_transactions", () => Evaluate().Events, "{transaction}", "Scored transactions in the drift window");
        log.On(columns.Length - 1, options.Window, options.Bucket, options.WarnAbove);
    }

    /// <summary>Counting: the model has a drift section and <see cref="DriftOptions.Enabled"/> is set.</summary>
    public bool IsEnabled => _window is not null;

    /// <summary>
    /// Counts <paramref name="rowCount"/> rows (laid out one after another, model input order) and their scores.
    /// Allocates nothing; reads the clock once.
    /// </summary>
    public void Observe(ReadOnlySpan<float> rows, int rowCount, ReadOnlySpan<float> scores)
    {
        if (_window is null)
        {
            return;
        }

        var counts = _window.CountsAt(_time.GetUtcNow().UtcTicks);
        if (rowCount < LocalTallyFrom || _sums.Length > MaxLocalBins)
        {
            for (var r = 0; r < rowCount; r++)
            {
                var row = rows.Slice(r * _width, _width);
                for (var c = 0; c < row.Length; c++)
                {
                    Interlocked.Increment(ref counts[_binStart[c] + BinOf(c, row[c])]);
                }

                Interlocked.Increment(ref counts[_binStart[_width] + BinOf(_width, scores[r])]);
            }

            return;
        }

        // A burst is tallied on the stack first: one interlocked add per bin it touched instead of one per value.
        Span<int> tally = stackalloc int[_sums.Length];
        tally.Clear();
        for (var r = 0; r < rowCount; r++)
        {
            var row = rows.Slice(r * _width, _width);
            for (var c = 0; c < row.Length; c++)
            {
                tally[_binStart[c] + BinOf(c, row[c])]++;
            }

            tally[_binStart[_width] + BinOf(_width, scores[r])]++;
        }

        for (var b = 0; b < tally.Length; b++)
        {
            if (tally[b] != 0)
            {
                Interlocked.Add(ref counts[b], tally[b]);
            }
        }
    }

    private int BinOf(int column, float value) => DriftBins.BinOf(_edges.AsSpan(_edgeStart[column], _edgeCount[column]), value);

    /// <summary>
    /// PSI of every column over the window ending now (NaN below <see cref="DriftOptions.MinEvents"/>), and a
    /// warning for each column whose PSI has just gone above <see cref="DriftOptions.WarnAbove"/>.
    /// </summary>
    public DriftSnapshot Evaluate()
    {
        if (_window is null)
        {
            return new DriftSnapshot(0, [], [], []);
        }

        lock (_evaluate)
        {
            _window.Sum(_time.GetUtcNow().UtcTicks, _sums);
            var scoreBins = _sums.AsSpan(_binStart[^1], _expected[^1].Length);
            long events = 0;
            foreach (var count in scoreBins)
            {
                events += count;
            }

            var psi = new double[_names.Length];
            var enough = events >= _options.MinEvents;
            for (var c = 0; c < psi.Length; c++)
            {
                psi[c] = enough ? PopulationStability.Index(_expected[c], _sums.AsSpan(_binStart[c], _expected[c].Length), _options.EmptyShare) : double.NaN;
                if (!enough)
                {
                    continue;
                }

                if (psi[c] > _options.WarnAbove && !_above[c])
                {
                    _above[c] = true;
                    _log.Crossed(_names[c], psi[c], _options.Window, events, _options.WarnAbove, _modelVersion);
                }
                else if (psi[c] <= _options.WarnAbove && _above[c])
                {
                    _above[c] = false;
                    _log.Recovered(_names[c], psi[c], _options.WarnAbove);
                }
            }

            var shares = scoreBins.ToArray().Select(n => events == 0 ? 0.0 : (double)n / events).ToArray();
            return new DriftSnapshot(events, _names, psi, shares);
        }
    }

    private IEnumerable<Measurement<double>> MeasurePsi()
    {
        var snapshot = Evaluate();
        var measurements = new List<Measurement<double>>(snapshot.Psi.Count);
        for (var c = 0; c < snapshot.Psi.Count; c++)
        {
            if (!double.IsNaN(snapshot.Psi[c]))
            {
                measurements.Add(new Measurement<double>(snapshot.Psi[c], _featureTags[c]));
            }
        }

        return measurements;
    }

    private IEnumerable<Measurement<double>> MeasureScoreShares()
    {
        var snapshot = Evaluate();
        var training = _expected[^1];
        var measurements = new List<Measurement<double>>(2 * training.Length);
        for (var b = 0; b < training.Length; b++)
        {
            measurements.Add(new Measurement<double>(training[b], [.. _scoreBinTags[b], new("population", "training")]));
            if (snapshot.Events > 0)
            {
                measurements.Add(new Measurement<double>(snapshot.ScoreShares[b], [.. _scoreBinTags[b], new("population", "window")]));
            }
        }

        return measurements;
    }

    /// <summary>A score bin's label: its bounds, "[lower,upper)", with -inf/+inf at the ends.</summary>
    private static KeyValuePair<string, object?>[] ScoreBinTags(float[] edges, int bin)
    {
        var lower = bin == 0 ? "-inf" : edges[bin - 1].ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
        var upper = bin == edges.Length ? "+inf" : edges[bin].ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
        return [new("bin", $"[{lower},{upper})")];
    }
}
