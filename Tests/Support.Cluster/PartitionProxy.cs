using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Crossfold.Tests.Support.Cluster;

/// <summary>
/// A TCP forwarder on 127.0.0.1 in front of one node's remoting port, which a test can cut and heal: a network
/// partition between real processes without root. Cut is a blackhole, as a pulled cable or a firewall that drops
/// packets: connections stay open but nothing crosses in either direction (bytes, closes and resets wait), and new
/// connections are accepted but not connected onwards. Heal lets everything that waited through, as TCP's
/// retransmissions would, so a message sent during the partition may still arrive afterwards.
/// </summary>
public sealed class PartitionProxy : IDisposable
{
    readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    readonly int _target;
    readonly CancellationTokenSource _stop = new();
    readonly ConcurrentDictionary<Socket, byte> _sockets = new();
    readonly object _gateLock = new();
    TaskCompletionSource _open = Opened();

    /// <summary>Starts forwarding from a free port (<see cref="Port"/>) to 127.0.0.1:<paramref name="targetPort"/>.</summary>
    public PartitionProxy(int targetPort)
    {
        _target = targetPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = Accept();
    }

    /// <summary>The port to advertise in place of the node's own.</summary>
    public int Port { get; }

    /// <summary>Stops every byte, close and new connection from crossing, until <see cref="Heal"/>.</summary>
    public void Cut()
    {
        lock (_gateLock)
            if (_open.Task.IsCompleted) _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Lets everything that waited, and everything after it, through again.</summary>
    public void Heal()
    {
        lock (_gateLock) _open.TrySetResult();
    }

    static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }

    Task Gate()
    {
        lock (_gateLock) return _open.Task.WaitAsync(_stop.Token);
    }

    async Task Accept()
    {
        try
        {
            while (true) _ = Forward(Track(await _listener.AcceptSocketAsync(_stop.Token)));
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Disposed: the test is over.
        }
    }

    async Task Forward(Socket client)
    {
        var upstream = Track(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        try
        {
            await Gate();
            await upstream.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _target), _stop.Token);
            await Task.WhenAll(Pump(client, upstream), Pump(upstream, client));
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The node refused or the test ended: the other side sees its connection close, as it would.
        }
        finally
        {
            Close(client);
            Close(upstream);
        }
    }

    /// <summary>Copies one direction, holding each chunk read (and the end of the stream) at the gate while cut.</summary>
    async Task Pump(Socket from, Socket to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                int read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                await Gate();
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
            }
        }
        catch (SocketException)
        {
            // A reset on one side reaches the other once the gate is open, as a reset.
            await Gate();
            to.Close(0);
            from.Close(0);
        }
    }

    Socket Track(Socket socket)
    {
        _sockets[socket] = 0;
        return socket;
    }

    void Close(Socket socket)
    {
        if (_sockets.TryRemove(socket, out _)) socket.Dispose();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        foreach (var socket in _sockets.Keys) Close(socket);
        _stop.Dispose();
    }
}
