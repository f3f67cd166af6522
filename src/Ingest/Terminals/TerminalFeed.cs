using Confluent.Kafka;
using Fraud.Orleans.Ingest.Codec;
using Fraud.Orleans.Ingest.Labels;
using Microsoft.Extensions.Hosting;

namespace Fraud.Orleans.Ingest.Terminals;

/// <summary>
/// Reads the whole transactions topic and the whole labels topic (every partition, outside the consumer group)
/// into <see cref="ITerminalActivitySink"/>, so that every silo holds every terminal's history, as Kafka
/// Streams holds a GlobalKTable. The card grains' partitions stay with the group; this feed only reads, and
/// leaves the partitions the gateway owns to the gateway, which hands it their records (TerminalFeed.Handover).
/// It also tells the gateway how far in event time it is complete, so that a transaction can wait until the
/// terminal history its risk windows need (up to t − label delay) is all in.
/// </summary>
public sealed partial class TerminalFeed : BackgroundService
{
    private static readonly TimeSpan MetadataDeadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan EndQueryTimeout = TimeSpan.FromSeconds(5);

    // Transactions wait on completeness only with a label wait; without one it is only reported, and asking the
    // broker for every partition's end ten times a second would cost it (and us) for nothing.
    private const long EndQueryIntervalMs = 100;
    private const long ReportOnlyEndQueryIntervalMs = 1000;

    private readonly KafkaIngestOptions _options;
    private readonly TerminalFeedOptions _feed;
    private readonly ITerminalActivitySink _sink;
    private readonly IngestMetrics _metrics;
    private readonly IngestLog _log;
    private readonly object _advanced = new(); // a monitor: waiters need Wait/PulseAll
    private readonly TerminalFeedCompleteness _completeness;
    private long _completeThroughMs = long.MinValue;

    public TerminalFeed(KafkaIngestOptions options, TerminalFeedOptions feed, ITerminalActivitySink sink, IngestMetrics metrics, IngestLog log)
    {
        _options = options;
        _feed = feed;
        _sink = sink;
        _metrics = metrics;
        _log = log;
        _completeness = new TerminalFeedCompleteness((long)feed.AllowedLateness.TotalMilliseconds);
    }

    /// <summary>Every transaction and every fraud label with an event time at or before this has been read.</summary>
    public long CompleteThroughMs => Volatile.Read(ref _completeThroughMs);

    /// <summary>True when <see cref="WaitForHistory"/> would return at once: no label wait, or the history is in.</summary>
    public bool HasHistoryFor(long eventTimeMs) =>
        _feed.LabelWait <= TimeSpan.Zero || CompleteThroughMs >= eventTimeMs - (long)_feed.LabelDelay.TotalMilliseconds;

    /// <summary>
    /// Before scoring a transaction at <paramref name="eventTimeMs"/>: waits (at most the configured label wait)
    /// until the feed is complete through that time less the label delay, the newest history its risk reads.
    /// </summary>
    public void WaitForHistory(long eventTimeMs, CancellationToken cancellationToken)
    {
        if (HasHistoryFor(eventTimeMs))
        {
            return;
        }

        var through = eventTimeMs - (long)_feed.LabelDelay.TotalMilliseconds;

        var started = Environment.TickCount64;
        var deadline = started + (long)_feed.LabelWait.TotalMilliseconds;
        lock (_advanced)
        {
            while (CompleteThroughMs < through && !cancellationToken.IsCancellationRequested)
            {
                var left = deadline - Environment.TickCount64;
                if (left <= 0)
                {
                    _metrics.OnTerminalHistoryIncomplete();
                    _log.TerminalHistoryIncomplete(
                        DateTimeOffset.FromUnixTimeMilliseconds(eventTimeMs), DateTimeOffset.FromUnixTimeMilliseconds(through), _feed.LabelWait);
                    return;
                }

                Monitor.Wait(_advanced, (int)Math.Min(left, 100));
            }
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => ReadLoop(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void ReadLoop(CancellationToken stoppingToken)
    {
        var bootstrap = _options.BootstrapServers ?? throw new InvalidOperationException("Kafka bootstrap servers are not set.");
        var transactionPartitions = PartitionCount(bootstrap, _options.Topic, stoppingToken);
        var labelPartitions = PartitionCount(bootstrap, _options.LabelTopic, stoppingToken);
        var completeness = _completeness;
        completeness.Configure(transactionPartitions, labelPartitions);

        using var consumer = new ConsumerBuilder<byte[], byte[]>(KafkaClientConfig.WholeTopicReader(bootstrap, _options))
            .SetLogHandler((_, m) => KafkaClientLogs.Route(_log, m))
            .Build();
        var all = Enumerable.Range(0, transactionPartitions).Select(p => new TopicPartition(_options.Topic, p))
            .Concat(Enumerable.Range(0, labelPartitions).Select(p => new TopicPartition(_options.LabelTopic, p)))
            .Select(tp => new TopicPartitionOffset(tp, Offset.Beginning))
            .ToList();
        consumer.Assign(all);
        _log.TerminalFeedStarted($"{_options.Topic}, {_options.LabelTopic}", all.Count);

        var nextEndQuery = 0L;
        while (!stoppingToken.IsCancellationRequested)
        {
            SyncFetching(consumer);
            var record = consumer.Consume(TimeSpan.FromMilliseconds(20));
            if (record is not null && !record.IsPartitionEOF)
            {
                Apply(record, completeness);
            }

            if (Environment.TickCount64 >= nextEndQuery)
            {
                // Idle partitions only advance through the broker's word that nothing unread is there.
                nextEndQuery = Environment.TickCount64 + (_feed.LabelWait > TimeSpan.Zero ? EndQueryIntervalMs : ReportOnlyEndQueryIntervalMs);
                QueryEnds(consumer, completeness, stoppingToken);
            }

            if (completeness.Update())
            {
                lock (_advanced)
                {
                    Volatile.Write(ref _completeThroughMs, completeness.CompleteThroughMs);
                    Monitor.PulseAll(_advanced);
                }
            }
        }

        consumer.Close();
    }

    private void Apply(ConsumeResult<byte[], byte[]> record, TerminalFeedCompleteness completeness)
    {
        var partition = record.Partition.Value;
        if (record.Topic == _options.Topic)
        {
            // A malformed transaction is the gateway's to dead-letter; here it simply is no activity.
            if (TransactionCodec.TryParse(record.Message.Key, record.Message.Value, out var tx, out _))
            {
                _sink.OnTransaction(tx.TerminalId, tx.TransactionId, tx.EventTimeMs);
                completeness.OnTransaction(partition, record.Offset.Value, tx.EventTimeMs);
            }

            Interlocked.Increment(ref _feedTransactionRecords);
            return;
        }

        if (!LabelCodec.TryParse(record.Message.Key, record.Message.Value, out var label, out var error))
        {
            _log.TerminalFeedSkipped(record.Topic, partition, record.Offset.Value, error);
        }
        else if (label.IsWatermark)
        {
            completeness.OnLabelWatermark(partition, label.CompleteThroughMs);
        }
        else
        {
            _sink.OnFraudLabel(label.Label.TerminalId, label.Label.TransactionId, label.Label.EventTimeMs);
        }
    }

    private void QueryEnds(IConsumer<byte[], byte[]> consumer, TerminalFeedCompleteness completeness, CancellationToken stoppingToken)
    {
        var newestBeforeQuery = completeness.NewestTransactionMs;
        for (var p = 0; p < completeness.TransactionPartitions && !stoppingToken.IsCancellationRequested; p++)
        {
            try
            {
                var end = consumer.QueryWatermarkOffsets(new TopicPartition(_options.Topic, p), EndQueryTimeout).High;
                completeness.OnBrokerEnd(p, end.Value, newestBeforeQuery);
            }
            catch (KafkaException ex)
            {
                // The broker is away: completeness waits for it, as the gateway does.
                _log.TerminalFeedEndQueryFailed(_options.Topic, p, ex.Error.Reason);
                return;
            }
        }
    }

    private int PartitionCount(string bootstrap, string topic, CancellationToken stoppingToken)
    {
        using var admin = new AdminClientBuilder(KafkaClientConfig.Admin(bootstrap, _options))
            .SetLogHandler((_, m) => KafkaClientLogs.Route(_log, m))
            .Build();
        var deadline = DateTime.UtcNow + MetadataDeadline;
        while (true)
        {
            stoppingToken.ThrowIfCancellationRequested();
            var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(5));
            var found = metadata.Topics.FirstOrDefault(t => t.Topic == topic);
            if (found is { Error.IsError: false, Partitions.Count: > 0 })
            {
                return found.Partitions.Count;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Terminal feed: topic '{topic}' not found on {bootstrap} within {MetadataDeadline.TotalSeconds:0} s ({found?.Error.Reason ?? "no metadata"}).");
            }

            stoppingToken.WaitHandle.WaitOne(200);
        }
    }
}
