namespace Fraud.Orleans.Silo.Reviews;

/// <summary>
/// Where a label goes once its case is labelled (label feedback: the labels topic, a labels table). Called once per
/// case, after the label is durable in the review table; a repeated identical label does not call it again. The
/// silo's default sends labels nowhere (<see cref="NoReviewLabels"/>).
/// </summary>
public interface IReviewLabels
{
    Task LabelledAsync(ReviewLabel label, CancellationToken cancellationToken);
}

/// <summary>Label feedback not configured: the label stays in the review table only.</summary>
public sealed class NoReviewLabels : IReviewLabels
{
    public Task LabelledAsync(ReviewLabel label, CancellationToken cancellationToken) => Task.CompletedTask;
}
