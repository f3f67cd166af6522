using Fraud.Orleans.Model;
using Fraud.Orleans.Model.Explanations;

namespace Fraud.Orleans.Grains;

/// <summary>A model as cards use it: the batcher that scores its rows, its input columns, and the thresholds it decides with.</summary>
public sealed class ScoringModel
{
    private readonly IFraudModel _model;

    /// <param name="model">The ONNX model and its metadata.</param>
    /// <param name="options">The cards' decision settings besides the model's thresholds.</param>
    /// <param name="batchAcrossTurns">Score rows of concurrent grain turns in one model run (<see cref="ScoreBatcher"/>).</param>
    /// <exception cref="InvalidDataException">The model asks for a feature the grains do not compute.</exception>
    public ScoringModel(IFraudModel model, CardGrainOptions options, bool batchAcrossTurns = false)
    {
        Scorer = new ScoreBatcher(model, acrossThreads: batchAcrossTurns);
        Input = new ModelInput(Scorer);
        Policy = new DecisionPolicy(model.Metadata.Thresholds, options);
        _model = model;
    }

    public ScoreBatcher Scorer { get; }

    public ModelInput Input { get; }

    public DecisionPolicy Policy { get; }

    /// <summary>Explains the model's scores of review cases; null when the model cannot.</summary>
    public ModelExplainer? Explainer => _model.Explainer;

    public string Version => Input.ModelVersion;
}
