using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Fraud.Orleans.Ingest.Labels;
using Fraud.Orleans.Silo.Reviews;
using Fraud.Orleans.Silo.Storage;

namespace Fraud.Orleans.Silo.Labels;

/// <summary>
/// An analyst's label, fed back: kept in the labels table (what <c>fraud train --labels-from-table</c> retrains
/// with), and a fraud also published to the labels topic, where every silo's terminal risk reads it as it reads a
/// chargeback, visible from its transaction's time plus the label delay. The analyst's request returns once both are
/// durable; a failure surfaces to the analyst, who labels again (both writes are idempotent).
/// </summary>
public sealed class LabelFeedback(IAmazonDynamoDB dynamoDb, DynamoDbOptions storage, LabelTopicPublisher topic) : IReviewLabels
{
    public async Task LabelledAsync(ReviewLabel label, CancellationToken cancellationToken)
    {
        await dynamoDb.PutItemAsync(new PutItemRequest
        {
            TableName = storage.LabelTable,
            Item = LabelItems.Of(label),
        }, cancellationToken).ConfigureAwait(false);

        if (label.IsFraud)
        {
            await topic.PublishAsync(new FraudLabel(label.TransactionId, label.TerminalId, label.EventTimeMs), cancellationToken).ConfigureAwait(false);
        }
    }
}
