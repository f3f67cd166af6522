using BenchmarkDotNet.Attributes;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Grains;
using Fraud.Orleans.Grains.Terminals;
using Fraud.Orleans.Model;
using Fraud.Orleans.Silo.Hosting;
using Fraud.Orleans.Silo.Terminals;

namespace Fraud.Orleans.Benchmarks;

/// <summary>
/// The per-event work of a card grain, piece by piece, on a card at the handbook's busiest rate (4 a day, so
/// about 245 events in its 61-day state) and 40 terminals with a month of history each.
/// </summary>
[MemoryDiagnoser]
public class HotPathBenchmarks
{
    private static readonly long Start = new DateTimeOffset(2018, 4, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private const long SixHours = 6 * 3_600_000;

    private readonly float[] _row = new float[FeatureSchema.Count];
    private OnnxFraudModel _model = null!;
    private ModelInput _input = null!;
    private TerminalRiskReplica _terminals = null!;
    private CardState _updated = null!;
    private CardDecider _decider = null!;
    private CardState _card = null!;
    private CardEvent _sample;
    private long _nextUpdate;
    private long _nextTurn;

    [GlobalSetup]
    public void Setup()
    {
        _model = ModelFiles.Load(ModelFiles.Resolve(new SiloOptions().ModelPath));
        _input = new ModelInput(_model);
        var cards = new CardGrainOptions();
        _terminals = new TerminalRiskReplica(new TerminalRiskOptions(), cards);
        for (long i = 0; i < 40 * 40; i++)
        {
            _terminals.OnTransaction(i % 40, -i - 1, Start + (i * 1_800_000));
            if (i % 13 == 0)
            {
                _terminals.OnFraudLabel(i % 40, -i - 1, Start + (i * 1_800_000));
            }
        }

        _updated = new CardState();
        _card = new CardState();
        _decider = new CardDecider(new ModelRoster(new ScoringModel(_model, cards)), _terminals, cards);
        for (var i = 0; i < 200; i++)
        {
            UpdateFeatures();
            CardTurn();
        }

        var tx = Next(ref _nextUpdate);
        _sample = CardWindows.Compute(_updated, tx, _updated.InsertionIndex(tx.EventTimeMs, tx.TransactionId));
        _sample.Terminal = _terminals.GetRisk(tx.TerminalId, tx.EventTimeMs);
    }

    [GlobalCleanup]
    public void Cleanup() => _model.Dispose();

    /// <summary>Rolling windows and amount history of one transaction, its insertion, and retention: the state update of a turn.</summary>
    [Benchmark]
    public int UpdateFeatures()
    {
        var tx = Next(ref _nextUpdate);
        var index = _updated.InsertionIndex(tx.EventTimeMs, tx.TransactionId);
        var e = CardWindows.Compute(_updated, tx, index);
        _updated.Insert(index, e);
        _updated.DropAtOrBeforeKeepingNewest(tx.EventTimeMs - CardWindows.LongestLookBackMs - CardFeatureMath.MillisPerDay);
        return e.Count30Days;
    }

    /// <summary>The terminal's risk and fraud run through the label delay, from this silo's replica.</summary>
    [Benchmark]
    public int TerminalRisk() => _terminals.GetRisk(17, Start + (45 * CardFeatureMath.MillisPerDay)).Count30Days;

    /// <summary>The model's input row, in its order, from the features.</summary>
    [Benchmark]
    public float FeatureVector()
    {
        _input.Fill(_sample.ToFeatures(), _sample.Terminal, _sample.ToPatterns(), _row.AsSpan(0, _input.Width));
        return _row[0];
    }

    /// <summary>One row through ONNX Runtime.</summary>
    [Benchmark]
    public float ModelScore() => _model.Score(_row.AsSpan(0, _input.Width));

    /// <summary>A whole card-grain turn without Orleans: duplicate check, windows, terminal risk, vector, score, decision, state update.</summary>
    [Benchmark]
    public float CardTurn() => _decider.DecideAsync("card-1", _card, Next(ref _nextTurn)).GetAwaiter().GetResult().Signal.Score;

    private static Transaction Next(ref long i)
    {
        var n = i++;
        return new Transaction(n, "card-1", n % 40, 1_000 + ((n * 7919) % 9_000), Start + (n * SixHours));
    }
}
