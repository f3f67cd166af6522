using System.Net;

namespace Fraud.Orleans.Silo.Hosting;

/// <summary>How silos form one Orleans cluster: DynamoDB membership, endpoints and the liveness probes.</summary>
public sealed class ClusterSettings
{
    public const string Section = "Orleans";

    /// <summary>Silos with the same cluster id and membership table form one cluster.</summary>
    public string ClusterId { get; set; } = "fraud";

    /// <summary>Stable across deployments: part of every grain-state key.</summary>
    public string ServiceId { get; set; } = "fraud-orleans";

    /// <summary>The DynamoDB table of Orleans membership (created at start-up like the other tables).</summary>
    public string MembershipTable { get; set; } = "fraud-membership";

    /// <summary>Silo-to-silo port; 0 picks a free one (several silos on one machine).</summary>
    public int SiloPort { get; set; }

    /// <summary>Port for Orleans clients; 0 picks a free one.</summary>
    public int GatewayPort { get; set; }

    /// <summary>The IP address or host name other silos reach this one at; empty: the loopback address (one machine).</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>Serve Orleans' dashboard (grains, silos, calls) at <c>/dashboard</c> of the silo's HTTP API.</summary>
    public bool Dashboard { get; set; } = true;

    /// <summary>A liveness probe not answered within this counts as missed (Orleans' default: 5 s).</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Missed probes after which a silo is suspected (Orleans' default: 3); with 1 s probes a dead silo is voted out in about 3 s.</summary>
    public int MissedProbesLimit { get; set; } = 2;

    /// <summary>How often each silo re-reads the membership table (Orleans' default: 60 s).</summary>
    public TimeSpan TableRefreshTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A grain call unanswered this long fails (Orleans' default: 30 s); the ingest gateway then asks again.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(ClusterId) || string.IsNullOrWhiteSpace(ServiceId))
        {
            yield return $"{Section}: {nameof(ClusterId)} and {nameof(ServiceId)} must be set";
        }

        if (string.IsNullOrWhiteSpace(MembershipTable))
        {
            yield return $"{Section}:{nameof(MembershipTable)} is empty";
        }

        if (SiloPort is < 0 or > 65535 || GatewayPort is < 0 or > 65535 || (SiloPort != 0 && SiloPort == GatewayPort))
        {
            yield return $"{Section}: {nameof(SiloPort)} and {nameof(GatewayPort)} must be 0..65535 and differ";
        }

        if (!string.IsNullOrWhiteSpace(AdvertisedAddress) && !TryResolveAdvertised(out _))
        {
            yield return $"{Section}:{nameof(AdvertisedAddress)} '{AdvertisedAddress}' is neither an IP address nor a host name that resolves to an IPv4 address";
        }

        if (ProbeTimeout <= TimeSpan.Zero || TableRefreshTimeout <= TimeSpan.Zero || ResponseTimeout <= TimeSpan.Zero)
        {
            yield return $"{Section}: {nameof(ProbeTimeout)}, {nameof(TableRefreshTimeout)} and {nameof(ResponseTimeout)} must be positive";
        }

        if (MissedProbesLimit < 1)
        {
            yield return $"{Section}:{nameof(MissedProbesLimit)} must be at least 1";
        }
    }

    /// <summary>The advertised address as an IP: parsed, or the host name's first IPv4 address (a container's name in Docker).</summary>
    public bool TryResolveAdvertised(out IPAddress address)
    {
        if (string.IsNullOrWhiteSpace(AdvertisedAddress))
        {
            address = IPAddress.Loopback;
            return true;
        }

        if (IPAddress.TryParse(AdvertisedAddress, out address!))
        {
            return true;
        }

        try
        {
            address = Dns.GetHostAddresses(AdvertisedAddress).FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)!;
            return address is not null;
        }
        catch (System.Net.Sockets.SocketException)
        {
            address = IPAddress.None;
            return false;
        }
    }
}
