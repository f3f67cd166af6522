namespace Fraud.Orleans.Silo.Membership;

/// <summary>How silos find each other: one item per silo in a DynamoDB table, refreshed by a heartbeat.</summary>
public sealed class MembershipOptions
{
    public const string Section = "Membership";

    /// <summary>This silo's id in the table; empty: the host name and a random suffix.</summary>
    public string? SiloId { get; set; }

    /// <summary>Table of silos: id, HTTP endpoint, owned partitions, heartbeat time (created like the other tables).</summary>
    public string Table { get; set; } = "fraud-silos";

    /// <summary>How often a silo rewrites its entry (also at once when its partitions change) and re-reads the others'.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>An entry whose heartbeat is older than this is ignored: that silo is presumed dead.</summary>
    public TimeSpan EntryExpiry { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The URL other silos forward to; empty: the address the silo's HTTP server bound.</summary>
    public string? AdvertisedUrl { get; set; }

    /// <summary>Timeout of a live-score request forwarded to the owning silo.</summary>
    public TimeSpan ForwardTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Table))
        {
            yield return $"{Section}:{nameof(Table)} is empty";
        }

        if (HeartbeatInterval < TimeSpan.FromMilliseconds(100) || HeartbeatInterval > TimeSpan.FromMinutes(1))
        {
            yield return $"{Section}:{nameof(HeartbeatInterval)} must be between 100 ms and 1 minute";
        }

        if (EntryExpiry < 2 * HeartbeatInterval)
        {
            yield return $"{Section}:{nameof(EntryExpiry)} must be at least twice {nameof(HeartbeatInterval)}";
        }

        if (!string.IsNullOrWhiteSpace(AdvertisedUrl) && !Uri.TryCreate(AdvertisedUrl, UriKind.Absolute, out _))
        {
            yield return $"{Section}:{nameof(AdvertisedUrl)} '{AdvertisedUrl}' is not an absolute URL";
        }

        if (ForwardTimeout <= TimeSpan.Zero)
        {
            yield return $"{Section}:{nameof(ForwardTimeout)} must be positive";
        }
    }
}
