using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Messaging;
using Orleans.Runtime;

namespace Fraud.Orleans.Storage.DynamoDB;

/// <summary>For clients: the gateways of the cluster's active silos, read from the DynamoDB membership table.</summary>
public sealed class DynamoDBGatewayListProvider(DynamoDBMembershipTable table, IOptions<GatewayOptions> gatewayOptions) : IGatewayListProvider
{
    public TimeSpan MaxStaleness => gatewayOptions.Value.GatewayListRefreshPeriod;

    public bool IsUpdatable => true;

    public Task InitializeGatewayListProvider() => InitializeGatewayListProviderAsync(CancellationToken.None);

    // A client never writes the table: it neither creates the version item nor joins.
    public Task InitializeGatewayListProviderAsync(CancellationToken cancellationToken) =>
        table.InitializeMembershipTableAsync(tryInitTableVersion: false, cancellationToken);

    public Task<IList<Uri>> GetGateways() => GetGatewaysAsync(CancellationToken.None);

    public async Task<IList<Uri>> GetGatewaysAsync(CancellationToken cancellationToken)
    {
        if (!table.IsInitialized)
        {
            await InitializeGatewayListProviderAsync(cancellationToken).ConfigureAwait(false);
        }

        var snapshot = await table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        return [.. snapshot.Members
            .Select(m => m.Item1)
            .Where(e => e.Status == SiloStatus.Active && e.ProxyPort != 0)
            .Select(e => SiloAddress.New(e.SiloAddress.Endpoint.Address, e.ProxyPort, e.SiloAddress.Generation).ToGatewayUri())];
    }
}
