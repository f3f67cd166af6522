using Amazon.DynamoDBv2.Model;
using Fraud.Orleans.GrainInterfaces;

namespace Fraud.Orleans.Silo.Storage;

/// <summary>
/// One BatchWriteItem of up to 25 signals, its request, list and item maps reused from batch to batch, and what
/// is left to send after DynamoDB hands back unprocessed items. Not thread-safe: one batch in flight per instance.
/// </summary>
public sealed class SignalBatchRequest
{
    public const int MaxItems = 25;

    private readonly string _table;
    private readonly SignalPut[] _puts = Enumerable.Range(0, MaxItems).Select(_ => new SignalPut()).ToArray();
    private readonly List<WriteRequest> _remaining = new(MaxItems);
    private readonly HashSet<string> _unprocessed = new(MaxItems, StringComparer.Ordinal);

    public SignalBatchRequest(string table)
    {
        _table = table;
        Request = new BatchWriteItemRequest { RequestItems = new() { [table] = _remaining } };
    }

    /// <summary>The request putting every signal not yet written.</summary>
    public BatchWriteItemRequest Request { get; }

    public int Remaining => _remaining.Count;

    /// <summary>Puts each of <paramref name="signals"/> (at most 25, transaction ids distinct: a batch may not name a key twice).</summary>
    public void Prepare(IReadOnlyList<FraudSignal> signals)
    {
        if (signals.Count > MaxItems)
        {
            throw new ArgumentException($"A batch holds at most {MaxItems} items, not {signals.Count}.", nameof(signals));
        }

        _remaining.Clear();
        for (var i = 0; i < signals.Count; i++)
        {
            _puts[i].Fill(signals[i]);
            _remaining.Add(_puts[i].Request);
        }
    }

    /// <summary>
    /// Keeps only the puts that the answer names unprocessed for this table (DynamoDB returns the whole put requests
    /// it did not apply); returns how many are left.
    /// </summary>
    public int KeepUnprocessed(BatchWriteItemResponse response)
    {
        if (response.UnprocessedItems is not { } unprocessed || !unprocessed.TryGetValue(_table, out var left) || left is not { Count: > 0 })
        {
            _remaining.Clear();
            return 0;
        }

        _unprocessed.Clear();
        foreach (var write in left)
        {
            if (write.PutRequest?.Item?.TryGetValue(DynamoDbTables.TransactionIdAttribute, out var id) == true && id.S is not null)
            {
                _unprocessed.Add(id.S);
            }
        }

        _remaining.RemoveAll(write => !_unprocessed.Contains(write.PutRequest.Item[DynamoDbTables.TransactionIdAttribute].S));
        return _remaining.Count;
    }
}
