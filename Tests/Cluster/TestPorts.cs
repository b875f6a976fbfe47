using System.Net;
using System.Net.Sockets;

namespace Crossfold.Tests.Cluster;

/// <summary>Free TCP ports on the loopback interface, for nodes started by tests.</summary>
public static class TestPorts
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
