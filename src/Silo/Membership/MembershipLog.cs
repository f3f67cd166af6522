using Microsoft.Extensions.Logging;

namespace Fraud.Orleans.Silo.Membership;

public sealed partial class MembershipLog(ILogger<MembershipLog> logger)
{
    private readonly ILogger _logger = logger;

    [LoggerMessage(1, LogLevel.Warning, "Membership heartbeat of {SiloId} failed; retrying")]
    public partial void HeartbeatFailed(string siloId, Exception exception);

    [LoggerMessage(2, LogLevel.Information, "Silo {SiloId} joined the membership table {Table} at {Endpoint}")]
    public partial void Joined(string siloId, string table, Uri endpoint);

    [LoggerMessage(3, LogLevel.Warning, "Forwarding the live score of card {CardId} to {Owner} failed")]
    public partial void ForwardFailed(string cardId, Uri owner, Exception exception);
}
