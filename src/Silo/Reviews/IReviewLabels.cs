namespace Fraud.Orleans.Silo.Reviews;

/// <summary>
/// Where a label goes once its case is labelled (label feedback: the labels topic, a labels table). Called once per
/// case, after the label is durable in the review table; a repeated identical label does not call it again. The
/// silo's default sends labels nowhere (<see cref="NoReviewLabels"/>). A sink that throws leaves the case labelled
/// and the API answering 500, and the same label posted again does not call it again: a sink that must not lose a
/// label keeps its own outbox (or re-reads the labelled cases, <c>GET /v1/reviews?status=labelled</c>).
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
