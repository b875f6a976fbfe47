using System.Net.Sockets;
using System.Net;

namespace Crossfold.Tests.Support;

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
