using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Silo.Storage;

namespace Fraud.Orleans.Silo.Reviews;

/// <summary>
/// Opens the review case of every REVIEW or BLOCK signal, beside the signal's batch (<see cref="IWrittenWithSignals"/>):
/// the case is durable before the batch counts as durable, hence before the checkpoint commits its offset. A put
/// conditional on the case being absent: a replayed transaction (a duplicate, or one decided again after a failover)
/// finds its case and leaves it as it is, labelled or not. One PutItem per case, not a batch: BatchWriteItem takes no
/// condition, and cases are a few per thousand transactions.
/// </summary>
public sealed class ReviewCaseWriter(IAmazonDynamoDB client, DynamoDbOptions options, TimeProvider time, StorageMetrics metrics, StorageLog log)
    : IWrittenWithSignals
{
    private static readonly string AbsentCase = $"attribute_not_exists({DynamoDbTables.TransactionIdAttribute})";

    public Task WriteAsync(IReadOnlyList<FraudSignal> signals, CancellationToken abandoned)
    {
        List<Task>? writes = null;
        for (var i = 0; i < signals.Count; i++)
        {
            if (ReviewItems.IsCase(signals[i]))
            {
                (writes ??= []).Add(OpenAsync(signals[i], abandoned));
            }
        }

        return writes switch
        {
            null => Task.CompletedTask,
            [var one] => one,
            _ => Task.WhenAll(writes),
        };
    }

    private async Task OpenAsync(FraudSignal signal, CancellationToken abandoned)
    {
        var request = new PutItemRequest
        {
            TableName = options.ReviewTable,
            Item = ReviewItems.NewCase(signal, time.GetUtcNow()),
            ConditionExpression = AbsentCase,
        };
        var backoff = TimeSpan.FromMilliseconds(20);
        while (!abandoned.IsCancellationRequested)
        {
            try
            {
                await client.PutItemAsync(request, CancellationToken.None).ConfigureAwait(false);
                return;
            }
            catch (ConditionalCheckFailedException)
            {
                return; // opened by an earlier decision of this transaction, and perhaps labelled since: stays as it is
            }
            catch (Exception ex) when (TransientStorageErrors.Match(ex))
            {
                log.ReviewCaseFailed(signal.TransactionId, backoff, ex);
                metrics.ReviewCaseRetried(ex, backoff);
            }

            await Task.Delay(backoff, time, CancellationToken.None).ConfigureAwait(false);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, options.MaxRetryBackoff.Ticks));
        }
    }
}
