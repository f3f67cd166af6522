using Fraud.Orleans.Ingest.Terminals;

namespace Fraud.Orleans.Tests.Terminals;

/// <summary>When the terminal feed may say it holds everything through an event time.</summary>
public sealed class TerminalFeedCompletenessTests
{
    private const long Day = 86_400_000;
    private const long Lateness = Day;

    [Fact]
    public void Read_partitions_are_complete_through_their_newest_event_less_the_lateness_and_labels_through_their_watermark()
    {
        var feed = new TerminalFeedCompleteness(transactionPartitions: 2, labelPartitions: 1, Lateness);
        feed.OnTransaction(0, 0, 10 * Day);
        feed.OnTransaction(1, 0, 12 * Day);
        Assert.False(feed.Update()); // no label watermark yet

        feed.OnLabelWatermark(0, 20 * Day);
        Assert.True(feed.Update());
        Assert.Equal(9 * Day, feed.CompleteThroughMs);

        feed.OnTransaction(0, 1, 15 * Day);
        feed.OnLabelWatermark(0, 13 * Day); // an older watermark changes nothing
        feed.Update();
        Assert.Equal(11 * Day, feed.CompleteThroughMs);
    }

    [Fact]
    public void An_idle_partition_counts_only_once_the_broker_says_nothing_unread_is_there()
    {
        var feed = new TerminalFeedCompleteness(transactionPartitions: 2, labelPartitions: 1, Lateness);
        feed.OnLabelWatermark(0, 100 * Day);
        feed.OnTransaction(0, 0, 10 * Day);
        Assert.False(feed.Update()); // partition 1: nothing read, nothing confirmed

        feed.OnBrokerEnd(1, endOffset: 3, newestBeforeQueryMs: 10 * Day); // records there we have not read
        Assert.False(feed.Update());

        feed.OnBrokerEnd(1, endOffset: 0, newestBeforeQueryMs: 10 * Day);
        Assert.True(feed.Update());
        Assert.Equal(9 * Day, feed.CompleteThroughMs);
    }
}
