using Confluent.Kafka;
using Fraud.Orleans.Ingest.Codec;
using Fraud.Orleans.Ingest.Terminals;
using Microsoft.Extensions.Hosting;

namespace Fraud.Orleans.Ingest;

/// <summary>
/// Consumes the transactions topic in the silos' consumer group and routes each record to its card's grain.
/// An offset is committed only after the checkpoint made everything before it durable; a malformed record
/// goes to the dead-letter topic (its offset counts as done once the dead letter is acknowledged).
/// </summary>
public sealed partial class KafkaIngestGateway : BackgroundService, IIngestOffsets, IPartitionFence
{
    private static readonly TimeSpan MetadataDeadline = TimeSpan.FromSeconds(30);

    // Records already fetched that one burst takes: enough for a fetch's worth at peak, few enough that pauses,
    // commits and a stop are never far off.
    private const int MaxBurst = 512;

    private readonly KafkaIngestOptions _options;
    private readonly ITransactionProcessor _processor;
    private readonly IDurabilityBarrier _barrier;
    private readonly IngestMetrics _metrics;
    private readonly IngestLog _log;
    private readonly TerminalFeed _terminals;
    private readonly PartitionMap _map;
    private readonly IPartitionLifecycle[] _lifecycle;
    private readonly TimeProvider _time;
    private readonly Dictionary<int, PartitionProgress> _partitions = [];
    private readonly Lock _partitionsLock = new();
    private readonly Lock _commitLock = new();
    private Dictionary<int, long> _toCommit = [];
    private readonly Dictionary<int, long> _committed = [];
    private IProducer<byte[], byte[]>? _deadLetters;

    public KafkaIngestGateway(
        KafkaIngestOptions options,
        ITransactionProcessor processor,
        IDurabilityBarrier barrier,
        IngestMetrics metrics,
        IngestLog log,
        TerminalFeed terminals,
        PartitionMap map,
        IEnumerable<IPartitionLifecycle> lifecycle,
        TimeProvider time)
    {
        _time = time;
        _terminals = terminals;
        _options = options;
        _processor = processor;
        _barrier = barrier;
        _metrics = metrics;
        _log = log;
        _map = map;
        _lifecycle = lifecycle.ToArray();
    }

    /// <summary>Partitions this silo owns right now.</summary>
    public IReadOnlyList<int> OwnedPartitions
    {
        get
        {
            lock (_partitionsLock)
            {
                return [.. _partitions.Keys.Order()];
            }
        }
    }

    public IReadOnlyList<PartitionOffset> CaptureDecided()
    {
        lock (_partitionsLock)
        {
            var decided = new List<PartitionOffset>(_partitions.Count);
            foreach (var (partition, progress) in _partitions)
            {
                var offset = progress.Decided;
                if (offset >= 0)
                {
                    decided.Add(new PartitionOffset(_options.Topic, partition, offset));
                }
            }

            return decided;
        }
    }

    public void CommitDurable(IReadOnlyList<PartitionOffset> offsets)
    {
        lock (_commitLock)
        {
            foreach (var o in offsets)
            {
                if (!_toCommit.TryGetValue(o.Partition, out var pending) || pending < o.Offset)
                {
                    _toCommit[o.Partition] = o.Offset;
                }
            }
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => ConsumeLoop(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void ConsumeLoop(CancellationToken stoppingToken)
    {
        var bootstrap = _options.BootstrapServers
            ?? throw new InvalidOperationException("Kafka bootstrap servers are not set.");
        _deadLetters = new ProducerBuilder<byte[], byte[]>(KafkaClientConfig.Producer(bootstrap, _options))
            .SetLogHandler((_, m) => KafkaClientLogs.Route(_log, m))
            .Build();
        var consumer = new ConsumerBuilder<byte[], byte[]>(KafkaClientConfig.Consumer(bootstrap, _options))
            .SetPartitionsAssignedHandler((c, assigned) => OnAssigned(c, assigned))
            .SetPartitionsRevokedHandler((c, revoked) => OnRevoked(c, revoked.Select(p => p.TopicPartition).ToList()))
            .SetPartitionsLostHandler((_, lost) => OnLost(lost.Select(p => p.TopicPartition).ToList()))
            .SetErrorHandler((_, error) => _log.KafkaError(error.Reason))
            .SetLogHandler((_, m) => KafkaClientLogs.Route(_log, m))
            .Build();
        try
        {
            _log.Started(_options.Topic, _options.GroupId, bootstrap, _options.Security.Describe());
            _map.Count = TopicPartitionCount(consumer, stoppingToken);
            consumer.Subscribe(_options.Topic);
            while (!stoppingToken.IsCancellationRequested && !Crashed)
            {
                WaitWhileStalled(stoppingToken);
                PauseDropped(consumer);
                RejoinIfFencedTooLong(consumer);
                CommitPending(consumer);
                try
                {
                    if (_processor.Backlog > _options.MaxBacklog)
                    {
                        // Storage is behind: slow to a trickle until it catches up, polling to keep the group session
                        // alive. A record that poll returns is dispatched: its offset moves on whether we use it or not.
                        var polled = consumer.Consume(TimeSpan.FromMilliseconds(0));
                        if (polled is { IsPartitionEOF: false })
                        {
                            Dispatch(polled, stoppingToken);
                        }

                        stoppingToken.WaitHandle.WaitOne(5);
                        continue;
                    }

                    var record = consumer.Consume(TimeSpan.FromMilliseconds(50));
                    if (record is null || record.IsPartitionEOF)
                    {
                        continue;
                    }

                    DispatchBurst(consumer, record, stoppingToken);
                }
                catch (ConsumeException ex)
                {
                    // E.g. max.poll.interval exceeded after a stall: the partitions-lost handler follows on the next poll.
                    _log.KafkaError($"consume: {ex.Error.Reason}");
                }
            }

            if (!Crashed)
            {
                StopGracefully(consumer);
            }
        }
        finally
        {
            // After a crash this destroys the client without closing the consumer: no commit, no revocation
            // callbacks (Confluent.Kafka destroys consumers with RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE).
            consumer.Dispose();
            if (!Crashed)
            {
                _deadLetters.Flush(TimeSpan.FromSeconds(10));
            }

            _deadLetters.Dispose();
        }
    }

    /// <summary>
    /// Graceful stop: make what was decided durable and commit it before leaving the group. Bounded as a
    /// revocation is: a final checkpoint that cannot finish (storage down, or its writer already stopped) must
    /// not hold the poll thread until the group evicts it; what it leaves uncommitted the next owner replays.
    /// </summary>
    private void StopGracefully(IConsumer<byte[], byte[]> consumer)
    {
        try
        {
            // A commit refused because a rebalance is under way costs nothing: closing revokes every partition,
            // and the revocation commits what is durable.
            if (TryMakeDurable())
            {
                CommitPending(consumer);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _log.KafkaError($"final checkpoint failed, offsets stay where they were: {ex.Message}");
        }

        consumer.Close();
    }

    private int TopicPartitionCount(IConsumer<byte[], byte[]> consumer, CancellationToken stoppingToken)
    {
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        var deadline = DateTime.UtcNow + MetadataDeadline;
        while (true)
        {
            stoppingToken.ThrowIfCancellationRequested();
            var found = admin.GetMetadata(_options.Topic, TimeSpan.FromSeconds(5)).Topics.FirstOrDefault(t => t.Topic == _options.Topic);
            if (found is { Error.IsError: false, Partitions.Count: > 0 })
            {
                return found.Partitions.Count;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Topic '{_options.Topic}' not found within {MetadataDeadline.TotalSeconds:0} s ({found?.Error.Reason ?? "no metadata"}).");
            }

            stoppingToken.WaitHandle.WaitOne(200);
        }
    }

    /// <summary>
    /// Dispatches <paramref name="first"/> and the records already fetched behind it back to back: a fetch brings
    /// records in bunches, and turns started together ask for their scores together, so they share model runs
    /// (<c>ScoreBatcher</c>) that cost a fraction of one run per record. Nothing waits for records that have not arrived.
    /// </summary>
    private void DispatchBurst(IConsumer<byte[], byte[]> consumer, ConsumeResult<byte[], byte[]> first, CancellationToken stoppingToken)
    {
        Dispatch(first, stoppingToken);
        for (var taken = 1; taken < MaxBurst && !stoppingToken.IsCancellationRequested; taken++)
        {
            var next = consumer.Consume(TimeSpan.Zero);
            if (next is null)
            {
                break;
            }

            if (!next.IsPartitionEOF)
            {
                Dispatch(next, stoppingToken);
            }
        }
    }

    private void Dispatch(ConsumeResult<byte[], byte[]> record, CancellationToken stoppingToken)
    {
        _metrics.OnConsumed();
        PartitionProgress progress;
        lock (_partitionsLock)
        {
            if (Crashed || !_partitions.TryGetValue(record.Partition.Value, out progress!))
            {
                return; // revoked or dropped while the fetch was in flight: the owner reads it again
            }
        }

        var ticket = progress.Begin(record.Offset.Value);
        if (record.Message.Value is null)
        {
            DeadLetter(record, "null value: a tombstone is not a transaction", progress, ticket);
            return;
        }

        if (!TransactionCodec.TryParse(record.Message.Key, record.Message.Value, out var transaction, out var error)
            || (error = TransactionAdmission.Check(transaction, _time.GetUtcNow().ToUnixTimeMilliseconds(), _options.MaxEventTimeAhead)) is not null)
        {
            DeadLetter(record, error, progress, ticket);
            return;
        }

        // The feed does not fetch the partitions this gateway owns: their terminal activity comes from here.
        _terminals.OnGatewayRecord(record.Partition.Value, record.Offset.Value, transaction.TerminalId, transaction.TransactionId, transaction.EventTimeMs);
        if (!_terminals.HasHistoryFor(transaction.EventTimeMs))
        {
            _terminals.WaitForHistory(transaction.EventTimeMs, stoppingToken);
        }

        ValueTask processing;
        try
        {
            processing = _processor.ProcessAsync(transaction, record.Partition.Value, record.Message.Timestamp.UnixTimestampMs);
        }
        catch (Exception ex)
        {
            FailRecord(record, ex, progress, ticket);
            return;
        }

        if (processing.IsCompletedSuccessfully)
        {
            progress.Complete(ticket);
        }
        else
        {
            _ = CompleteWhenProcessed(processing, record, progress, ticket);
        }
    }

    private async Task CompleteWhenProcessed(ValueTask processing, ConsumeResult<byte[], byte[]> record, PartitionProgress progress, long ticket)
    {
        try
        {
            await processing.ConfigureAwait(false);
            progress.Complete(ticket);
        }
        catch (Exception ex)
        {
            FailRecord(record, ex, progress, ticket);
        }
    }

    private void FailRecord(ConsumeResult<byte[], byte[]> record, Exception ex, PartitionProgress progress, long ticket)
    {
        if (!IsCurrent(record.Partition.Value, progress))
        {
            // The partition moved while the turn waited (its grain was deactivated): the new owner decides the record.
            return;
        }

        // A turn that throws is a poison record for this code version; park it rather than stall the partition.
        DeadLetter(record, $"processing failed: {ex.GetType().Name}: {ex.Message}", progress, ticket);
    }

    private bool IsCurrent(int partition, PartitionProgress progress)
    {
        lock (_partitionsLock)
        {
            return !Crashed && _partitions.TryGetValue(partition, out var current) && ReferenceEquals(current, progress);
        }
    }
}
