namespace Fraud.Orleans.Model.Explanations;

/// <summary>One model input's part in a score: its value, and how far it moved the margin (log-odds of fraud).</summary>
public sealed record FeatureContribution(string Feature, double Value, double Contribution);
