namespace Fraud.Orleans.Model.Explanations;

/// <summary>
/// Why a row scored what it did, in margin (log-odds of fraud) units: the model's <see cref="Baseline"/> (its expected
/// margin over the training rows), plus the largest <see cref="Contributions"/> by size, plus <see cref="Others"/> (the
/// rest of the inputs together), is the row's <see cref="Margin"/>; the score is sigmoid(margin).
/// </summary>
public sealed record Explanation(double Baseline, double Margin, IReadOnlyList<FeatureContribution> Contributions, double Others);
