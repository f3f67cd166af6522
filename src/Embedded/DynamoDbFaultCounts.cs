namespace Fraud.Orleans.Embedded;

/// <summary>What a <see cref="DynamoDbFaultProxy"/> saw and did since it started.</summary>
public sealed record DynamoDbFaultCounts(long Requests, long Throttled, long Errors, long Dropped, long Slowed)
{
    /// <summary>Requests that did not reach DynamoDB: each one the client has to send again.</summary>
    public long Failed => Throttled + Errors + Dropped;

    public override string ToString() =>
        $"{Requests:N0} requests: {Throttled:N0} throttled, {Errors:N0} errors, {Dropped:N0} dropped, {Slowed:N0} slowed";
}
