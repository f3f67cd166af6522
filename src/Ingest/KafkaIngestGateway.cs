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
public sealed partial class KafkaIngestGateway : BackgroundService, IIngestOffsets
{
    private readonly KafkaIngestOptions _options;
    private readonly ITransactionProcessor _processor;
    private readonly IDurabilityBarrier _barrier;
    private readonly IngestMetrics _metrics;
    private readonly IngestLog _log;
    private readonly TerminalFeed _terminals;
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
        TerminalFeed terminals)
    {
        _terminals = terminals;
        _options = options;
        _processor = processor;
        _barrier = barrier;
        _metrics = metrics;
        _log = log;
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
        _deadLetters = new ProducerBuilder<byte[], byte[]>(KafkaClientConfig.Producer(bootstrap)).Build();
        using var consumer = new ConsumerBuilder<byte[], byte[]>(KafkaClientConfig.Consumer(bootstrap, _options))
            .SetPartitionsAssignedHandler((_, assigned) => OnAssigned(assigned))
            .SetPartitionsRevokedHandler((c, revoked) => OnRevoked(c, revoked.Select(p => p.TopicPartition).ToList()))
            .SetPartitionsLostHandler((_, lost) => OnLost(lost.Select(p => p.TopicPartition).ToList()))
            .SetErrorHandler((_, error) => _log.KafkaError(error.Reason))
            .Build();
        consumer.Subscribe(_options.Topic);
        _log.Started(_options.Topic, _options.GroupId, bootstrap);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                CommitPending(consumer);
                if (_processor.Backlog > _options.MaxBacklog)
                {
                    // Storage is behind: fetch nothing more until it catches up, but keep the group session alive.
                    consumer.Consume(TimeSpan.FromMilliseconds(0));
                    stoppingToken.WaitHandle.WaitOne(5);
                    continue;
                }

                var record = consumer.Consume(TimeSpan.FromMilliseconds(50));
                if (record is null || record.IsPartitionEOF)
                {
                    continue;
                }

                Dispatch(record, stoppingToken);
            }

            // Graceful stop: make what was decided durable and commit it before leaving the group.
            _barrier.MakeDurableAsync(CancellationToken.None).GetAwaiter().GetResult();
            CommitPending(consumer);
            consumer.Close();
        }
        finally
        {
            _deadLetters.Flush(TimeSpan.FromSeconds(10));
            _deadLetters.Dispose();
        }
    }

    private void Dispatch(ConsumeResult<byte[], byte[]> record, CancellationToken stoppingToken)
    {
        _metrics.OnConsumed();
        PartitionProgress progress;
        lock (_partitionsLock)
        {
            if (!_partitions.TryGetValue(record.Partition.Value, out progress!))
            {
                return; // revoked while the fetch was in flight: the new owner reads it again
            }
        }

        var ticket = progress.Begin(record.Offset.Value);
        if (!TransactionCodec.TryParse(record.Message.Key, record.Message.Value, out var transaction, out var error))
        {
            DeadLetter(record, error ?? "unparsable", progress, ticket);
            return;
        }

        _terminals.WaitForHistory(transaction.EventTimeMs, stoppingToken);
        ValueTask processing;
        try
        {
            processing = _processor.ProcessAsync(transaction, record.Message.Timestamp.UnixTimestampMs);
        }
        catch (Exception ex)
        {
            DeadLetter(record, $"processing failed: {ex.GetType().Name}: {ex.Message}", progress, ticket);
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
            // A turn that throws is a poison record for this code version; park it rather than stall the partition.
            DeadLetter(record, $"processing failed: {ex.GetType().Name}: {ex.Message}", progress, ticket);
        }
    }
}
