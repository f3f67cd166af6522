using System.Net;
using System.Net.Sockets;

namespace Fraud.Orleans.Embedded;

/// <summary>Finds and checks TCP ports the way the JVM will bind them.</summary>
internal static class TcpPorts
{
    /// <summary>A port free right now; another process may still take it before our server binds it.</summary>
    public static int PickFree()
    {
        using var socket = BindEveryInterface(0);
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    public static bool IsFree(int port)
    {
        try
        {
            using var socket = BindEveryInterface(port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    // The JVM listens dual-stack on every interface, so a port is only free for it when both the IPv4
    // and the IPv6 wildcard are; a dual-mode socket checks both at once.
    private static Socket BindEveryInterface(int port)
    {
        var dualStack = Socket.OSSupportsIPv6;
        var socket = new Socket(dualStack ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (dualStack)
            {
                socket.DualMode = true;
            }

            socket.Bind(new IPEndPoint(dualStack ? IPAddress.IPv6Any : IPAddress.Any, port));
            socket.Listen();
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
