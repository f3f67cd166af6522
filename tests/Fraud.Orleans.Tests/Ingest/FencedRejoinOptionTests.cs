using Fraud.Orleans.Ingest;
using Microsoft.Extensions.Configuration;

namespace Fraud.Orleans.Tests.Ingest;

/// <summary>How long a fenced partition may stay assigned before the gateway rejoins: bound from configuration, checked at start.</summary>
public sealed class FencedRejoinOptionTests
{
    [Fact]
    public void The_default_is_twice_the_session_timeout_and_valid()
    {
        var options = new KafkaIngestOptions();
        Assert.Equal(TimeSpan.FromMilliseconds(2 * options.SessionTimeoutMs), options.FencedRejoinAfter);
        Assert.Empty(options.Validate());
    }

    [Theory]
    [InlineData("00:00:05", true)] // under the 6 s session timeout: the group may not have said it moved the partition yet
    [InlineData("01:00:01", true)]
    [InlineData("00:00:06", false)]
    [InlineData("00:00:30", false)]
    public void A_rejoin_delay_shorter_than_the_session_timeout_or_over_an_hour_is_refused(string value, bool refused)
    {
        var options = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Kafka:FencedRejoinAfter"] = value })
            .Build().GetSection(KafkaIngestOptions.Section).Get<KafkaIngestOptions>()!;
        Assert.Equal(refused, options.Validate().Any(e => e.Contains(nameof(KafkaIngestOptions.FencedRejoinAfter), StringComparison.Ordinal)));
    }
}
