using System.Net;
using System.Net.Sockets;

namespace Fraud.Orleans.Silo.Hosting;

/// <summary>A TCP port free right now, for silos that share a machine and were given no port.</summary>
internal static class FreeTcpPort
{
    public static int Pick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
