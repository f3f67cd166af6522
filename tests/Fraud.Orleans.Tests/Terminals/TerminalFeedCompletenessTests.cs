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

    [Fact]
    public void A_gateway_ahead_of_the_feed_counts_only_once_the_feed_reaches_its_first_record()
    {
        var feed = new TerminalFeedCompleteness(transactionPartitions: 1, labelPartitions: 1, Lateness);
        feed.OnLabelWatermark(0, 100 * Day);
        feed.OnGatewayAssigned(0);
        Assert.False(feed.FeedCaughtUp(0)); // the gateway's first record is not known yet

        // The gateway starts at its committed offset 10; the feed has read offsets 0..4 only.
        feed.OnTransaction(0, 4, 3 * Day);
        feed.OnGatewayTransaction(0, 10, 20 * Day);
        feed.OnGatewayTransaction(0, 11, 21 * Day);
        Assert.True(feed.Update());
        Assert.Equal(2 * Day, feed.CompleteThroughMs); // offsets 5..9 are unread: the gateway's days prove nothing
        Assert.False(feed.FeedCaughtUp(0));

        feed.OnTransaction(0, 9, 8 * Day);
        Assert.True(feed.FeedCaughtUp(0)); // the feed may stop fetching: the two reads join
        Assert.True(feed.Update());
        Assert.Equal(20 * Day, feed.CompleteThroughMs);
        Assert.Equal(10, feed.FeedNextOffset(0));
    }

    [Fact]
    public void A_released_partition_is_read_on_from_where_the_gateway_stopped_or_the_feed_if_they_never_met()
    {
        var feed = new TerminalFeedCompleteness(transactionPartitions: 2, labelPartitions: 1, Lateness);
        feed.OnGatewayAssigned(0);
        feed.OnGatewayAssigned(1);
        feed.OnTransaction(0, 0, 1 * Day);
        feed.OnGatewayTransaction(0, 1, 2 * Day);
        feed.OnGatewayTransaction(0, 2, 3 * Day);
        feed.OnGatewayTransaction(1, 7, 9 * Day); // the feed never got to offset 7 of partition 1

        feed.OnGatewayReleased(0);
        feed.OnGatewayReleased(1);

        Assert.Equal(3, feed.FeedNextOffset(0));
        Assert.Equal(0, feed.FeedNextOffset(1));
        Assert.False(feed.FeedCaughtUp(0));
        feed.OnGatewayTransaction(0, 3, 4 * Day); // a straggler after the release changes nothing
        Assert.Equal(3, feed.FeedNextOffset(0));
    }
}
