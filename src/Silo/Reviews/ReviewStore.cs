using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Fraud.Orleans.Silo.Storage;

namespace Fraud.Orleans.Silo.Reviews;

/// <summary>The API's reads and label writes of the review table (<see cref="ReviewItems"/>).</summary>
public sealed class ReviewStore(IAmazonDynamoDB client, DynamoDbOptions options)
{
    private static readonly string NotLabelled = $"attribute_exists({DynamoDbTables.TransactionIdAttribute}) AND #status = :open";

    /// <summary>One page of the cases of <paramref name="status"/>, oldest first, and the cursor of the next page (null at the end).</summary>
    public async Task<(IReadOnlyList<ReviewCase> Cases, string? Next)> PageAsync(
        string status, int limit, Dictionary<string, AttributeValue>? startKey, CancellationToken cancellationToken)
    {
        var response = await client.QueryAsync(new QueryRequest
        {
            TableName = options.ReviewTable,
            IndexName = ReviewItems.StatusIndex,
            KeyConditionExpression = "#status = :status",
            ExpressionAttributeNames = new() { ["#status"] = ReviewItems.Status },
            ExpressionAttributeValues = new() { [":status"] = new AttributeValue { S = status } },
            ScanIndexForward = true,
            Limit = limit,
            ExclusiveStartKey = startKey,
        }, cancellationToken).ConfigureAwait(false);
        var cases = (response.Items ?? []).Select(ReviewItems.Read).ToList();
        return (cases, ReviewCursor.Encode(response.LastEvaluatedKey));
    }

    public async Task<Dictionary<string, AttributeValue>?> FindAsync(long transactionId, CancellationToken cancellationToken)
    {
        var response = await client.GetItemAsync(new GetItemRequest
        {
            TableName = options.ReviewTable,
            Key = ReviewItems.Key(transactionId),
            ConsistentRead = true,
        }, cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item ? item : null;
    }

    /// <summary>The newest cases of a card (at most <paramref name="limit"/>), newest first.</summary>
    public async Task<IReadOnlyList<ReviewCase>> OfCardAsync(string cardId, int limit, CancellationToken cancellationToken)
    {
        var response = await client.QueryAsync(new QueryRequest
        {
            TableName = options.ReviewTable,
            IndexName = ReviewItems.CardIndex,
            KeyConditionExpression = "#card = :card",
            ExpressionAttributeNames = new() { ["#card"] = SignalItems.CardId },
            ExpressionAttributeValues = new() { [":card"] = new AttributeValue { S = cardId } },
            ScanIndexForward = false,
            Limit = limit,
        }, cancellationToken).ConfigureAwait(false);
        return (response.Items ?? []).Select(ReviewItems.Read).ToList();
    }

    /// <summary>
    /// Labels an open case. <see cref="LabelOutcome.Labelled"/> when this call closed it; otherwise the case as it is:
    /// absent, already labelled the same (<see cref="LabelOutcome.AlreadyLabelled"/>) or differently.
    /// </summary>
    public async Task<(LabelOutcome Outcome, Dictionary<string, AttributeValue>? Item)> LabelAsync(
        long transactionId, string label, string analyst, DateTimeOffset at, CancellationToken cancellationToken)
    {
        try
        {
            var response = await client.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = options.ReviewTable,
                Key = ReviewItems.Key(transactionId),
                ConditionExpression = NotLabelled,
                UpdateExpression = "SET #status = :labelled, #label = :label, #by = :by, #at = :at",
                ExpressionAttributeNames = new()
                {
                    ["#status"] = ReviewItems.Status,
                    ["#label"] = ReviewItems.Label,
                    ["#by"] = ReviewItems.LabelledBy,
                    ["#at"] = ReviewItems.LabelledAt,
                },
                ExpressionAttributeValues = new()
                {
                    [":open"] = new AttributeValue { S = ReviewItems.Open },
                    [":labelled"] = new AttributeValue { S = ReviewItems.Labelled },
                    [":label"] = new AttributeValue { S = label },
                    [":by"] = new AttributeValue { S = analyst },
                    [":at"] = new AttributeValue { S = SignalItems.FormatEventTime(at.ToUnixTimeMilliseconds()) },
                },
                ReturnValues = ReturnValue.ALL_NEW,
            }, cancellationToken).ConfigureAwait(false);
            return (LabelOutcome.Labelled, response.Attributes);
        }
        catch (ConditionalCheckFailedException)
        {
            var item = await FindAsync(transactionId, cancellationToken).ConfigureAwait(false);
            var outcome = item is null ? LabelOutcome.NotFound
                : item.TryGetValue(ReviewItems.Label, out var existing) && string.Equals(existing.S, label, StringComparison.Ordinal) ? LabelOutcome.AlreadyLabelled
                : LabelOutcome.Conflict;
            return (outcome, item);
        }
    }

    public static long EventTimeMs(Dictionary<string, AttributeValue> item) =>
        DateTimeOffset.Parse(item[SignalItems.EventTime].S, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUnixTimeMilliseconds();

    /// <summary>When the case was labelled, as stored; null for an open case.</summary>
    public static DateTimeOffset? LabelledAt(Dictionary<string, AttributeValue> item) =>
        item.TryGetValue(ReviewItems.LabelledAt, out var at) && at.S is { } text
            ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
            : null;
}
