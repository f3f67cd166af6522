namespace Fraud.Orleans.Silo.Reviews;

/// <summary>
/// Where an analyst's label goes once its case is labelled (label feedback: the labels table and topic,
/// <see cref="Labels.LabelFeedback"/>). Called when the case is labelled and again each time the same label is posted,
/// so a delivery that failed (the case labelled, the API answering 500) is made by asking again: a sink must be
/// idempotent by transaction id.
/// </summary>
public interface IReviewLabels
{
    Task LabelledAsync(ReviewLabel label, CancellationToken cancellationToken);
}
