namespace Fraud.Orleans.Embedded;

/// <summary>
/// What a <see cref="DynamoDbFaultProxy"/> does to a share of the requests it sees: each share is a probability per
/// request (together at most 1), drawn once per request. Immutable: the proxy swaps the whole set at once, so a
/// request never sees half of an old setting and half of a new one.
/// </summary>
public sealed record DynamoDbFaults
{
    public static readonly DynamoDbFaults None = new();

    /// <summary>Answered 400 ProvisionedThroughputExceededException, as DynamoDB throttles a table or a partition.</summary>
    public double Throttle { get; init; }

    /// <summary>Answered 500 InternalServerError.</summary>
    public double Error { get; init; }

    /// <summary>The connection closed without an answer, before the request reaches DynamoDB.</summary>
    public double Drop { get; init; }

    /// <summary>Forwarded after <see cref="SlowDelay"/>.</summary>
    public double Slow { get; init; }

    public TimeSpan SlowDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Only these operations (the <c>X-Amz-Target</c> after the dot, e.g. BatchWriteItem) are hit; null: all.</summary>
    public IReadOnlySet<string>? Operations { get; init; }

    public bool Any => Throttle + Error + Drop + Slow > 0;

    public IEnumerable<string> Validate()
    {
        foreach (var (name, share) in new[] { ("throttle", Throttle), ("error", Error), ("drop", Drop), ("slow", Slow) })
        {
            if (share is < 0 or > 1 || double.IsNaN(share))
            {
                yield return $"{name} must be a share between 0 and 1 (got {share})";
            }
        }

        if (Throttle + Error + Drop + Slow > 1)
        {
            yield return "the shares together must be at most 1";
        }

        if (SlowDelay < TimeSpan.Zero)
        {
            yield return "the slow delay must not be negative";
        }
    }

    /// <summary>The fault of one request, given a uniform draw in [0, 1).</summary>
    internal DynamoDbFault Pick(double draw) =>
        draw < Throttle ? DynamoDbFault.Throttle
        : draw < Throttle + Error ? DynamoDbFault.Error
        : draw < Throttle + Error + Drop ? DynamoDbFault.Drop
        : draw < Throttle + Error + Drop + Slow ? DynamoDbFault.Slow
        : DynamoDbFault.None;

    internal bool Applies(string? operation) => Operations is null || (operation is not null && Operations.Contains(operation));
}
