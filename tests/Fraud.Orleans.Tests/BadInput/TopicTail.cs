using Confluent.Kafka;

namespace Fraud.Orleans.Tests.BadInput;

/// <summary>
/// Reads a topic from offset 0 while it is being written, handing each record to a callback on the reading thread,
/// until <see cref="ReadToEnd"/> asks it to stop at the partitions' ends. It reads alongside the writer because the
/// mock cluster keeps only about 5 MiB of each partition: a reader that waited for the end would find the oldest
/// records gone. A skipped offset (one dropped before it was read) is reported, not silently passed over.
/// </summary>
public sealed class TopicTail : IDisposable
{
    private readonly IConsumer<byte[], byte[]> _consumer;
    private readonly string _topic;
    private readonly long[] _next;
    private readonly Action<ConsumeResult<byte[], byte[]>> _onRecord;
    private readonly List<string> _gaps = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;
    private volatile bool _finish;
    private long[]? _ends;
    private long _read;

    private TopicTail(string bootstrapServers, string topic, int partitions, Action<ConsumeResult<byte[], byte[]>> onRecord)
    {
        _topic = topic;
        _onRecord = onRecord;
        _next = new long[partitions];
        _consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = $"tail-{Guid.NewGuid():N}",
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,

            // A partition's end arrives as an event at once instead of a fetch that waits; large fetches take the
            // records in few round trips to the mock broker, which scans its message sets on every fetch.
            EnablePartitionEof = true,
            FetchWaitMaxMs = 20,
            FetchMaxBytes = 64 << 20,
            MaxPartitionFetchBytes = 16 << 20,
            ReceiveMessageMaxBytes = (64 << 20) + (1 << 20),
        }).Build();
        _consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, 0)));
        _reading = Task.Factory.StartNew(ReadLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Records handed to the callback so far.</summary>
    public long Read => Interlocked.Read(ref _read);

    /// <summary>Offsets the reader never saw ("partition: from..to"): records the broker dropped before they were read.</summary>
    public IReadOnlyList<string> Gaps => _gaps;

    public static TopicTail Start(string bootstrapServers, string topic, int partitions, Action<ConsumeResult<byte[], byte[]>> onRecord) =>
        new(bootstrapServers, topic, partitions, onRecord);

    /// <summary>Reads on up to each partition's end as of now, then stops; rethrows what the callback threw.</summary>
    public void ReadToEnd(TimeSpan deadline)
    {
        _finish = true;
        if (!_reading.Wait(deadline))
        {
            var ends = Volatile.Read(ref _ends);
            throw new TimeoutException($"{_topic}: read {Read} records in {deadline}; next offsets [{string.Join(",", _next)}], ends [{(ends is null ? "not known" : string.Join(",", ends))}]");
        }

        _reading.GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _reading.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
            // Already reported by ReadToEnd, or the test failed before it.
        }

        _consumer.Dispose();
        _stop.Dispose();
    }

    private void ReadLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            if (_finish && _ends is null)
            {
                Volatile.Write(ref _ends, Enumerable.Range(0, _next.Length)
                    .Select(p => _consumer.QueryWatermarkOffsets(new TopicPartition(_topic, p), TimeSpan.FromSeconds(30)).High.Value)
                    .ToArray());
            }

            if (_ends is { } ends && _next.Select((next, p) => next >= ends[p]).All(done => done))
            {
                return;
            }

            var record = _consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (record is null || record.IsPartitionEOF)
            {
                continue;
            }

            var partition = record.Partition.Value;
            if (record.Offset.Value != _next[partition])
            {
                _gaps.Add($"{partition}: {_next[partition]}..{record.Offset.Value - 1}");
            }

            _next[partition] = record.Offset.Value + 1;
            _onRecord(record);
            Interlocked.Increment(ref _read);
        }
    }
}
