using Crossfold.Cli.Client;

namespace Crossfold.Tests.Support.Cluster;

/// <summary>
/// A coordinator and workers as real `crossfold serve` / `crossfold-worker` processes on 127.0.0.1, each
/// in a working directory of its own, as on separate machines (nothing may depend on a shared one).
/// </summary>
public sealed class ProcessCluster : IDisposable
{
    readonly List<NodeProcess> _nodes = new();
    readonly List<string> _directories = new();
    readonly List<PartitionProxy> _links = new();

    public ProcessCluster(params string[] coordinatorArguments) : this(false, coordinatorArguments) { }

    ProcessCluster(bool partitionable, string[] coordinatorArguments)
    {
        Data = Directory.CreateTempSubdirectory("crossfold-procs-").FullName;
        HttpPort = TestPorts.Free();
        AkkaPort = TestPorts.Free();
        CoordinatorLink = partitionable ? new PartitionProxy(AkkaPort) : null;
        Coordinator = StartCoordinator(coordinatorArguments);
        Client = new CoordinatorClient($"http://127.0.0.1:{HttpPort}", null);
    }

    /// <summary>
    /// A cluster whose coordinator is reached only through <see cref="CoordinatorLink"/> (it advertises the proxy's port
    /// with --public-port); with workers from <see cref="StartPartitionableWorker"/>, every remoting connection runs
    /// through a proxy the test can cut.
    /// </summary>
    public static ProcessCluster Partitionable(params string[] coordinatorArguments) => new(true, coordinatorArguments);

    public string Data { get; }
    public int HttpPort { get; }

    /// <summary>The port the coordinator's remoting binds.</summary>
    public int AkkaPort { get; }

    /// <summary>The proxy in front of the coordinator's remoting port in a <see cref="Partitionable"/> cluster; cutting it cuts every worker off.</summary>
    public PartitionProxy? CoordinatorLink { get; }

    /// <summary>The port workers join at: the coordinator's, or its proxy's.</summary>
    int SeedPort => CoordinatorLink?.Port ?? AkkaPort;

    public NodeProcess Coordinator { get; private set; }
    public CoordinatorClient Client { get; }

    /// <summary>Starts (or, after a kill, restarts) the coordinator with the same ports and data directory.</summary>
    public NodeProcess StartCoordinator(params string[] extra)
    {
        Coordinator = Track(NodeProcess.Start("coordinator", RepoPaths.CoordinatorDll,
            new[] { "serve", "--hostname", "127.0.0.1", "--port", AkkaPort.ToString(), "--http", $"http://127.0.0.1:{HttpPort}", "--data", Data }
                .Concat(CoordinatorLink is null ? [] : ["--public-port", CoordinatorLink.Port.ToString()]).Concat(extra), OwnDirectory()));
        return Coordinator;
    }

    /// <summary>Starts a worker on its own known port; returns it and its node name as the coordinator reports it.</summary>
    public (NodeProcess Process, string Node) StartWorker(string name, int slots = 1, params string[] extra)
    {
        int port = TestPorts.Free();
        return (StartWorkerProcess(name, port, slots, extra), $"127.0.0.1:{port}");
    }

    /// <summary>
    /// Starts a worker reached only through a proxy of its own (it advertises the proxy's port with --public-port), so
    /// that with <see cref="CoordinatorLink"/> cut too nothing crosses between it and the coordinator in either
    /// direction; returns it, its node name (the proxy's address) and the proxy.
    /// </summary>
    public (NodeProcess Process, string Node, PartitionProxy Link) StartPartitionableWorker(string name, int slots = 1, params string[] extra)
    {
        int port = TestPorts.Free();
        var link = new PartitionProxy(port);
        _links.Add(link);
        return (StartWorkerProcess(name, port, slots, ["--public-port", link.Port.ToString(), .. extra]), $"127.0.0.1:{link.Port}", link);
    }

    NodeProcess StartWorkerProcess(string name, int port, int slots, IEnumerable<string> extra) =>
        Track(NodeProcess.Start(name, RepoPaths.WorkerDll, new[]
        {
            "--coordinator", $"127.0.0.1:{SeedPort}", "--hostname", "127.0.0.1", "--port", port.ToString(),
            "--devices", "cpu", "--slots", slots.ToString(), "--threads", "1",
        }.Concat(extra), OwnDirectory()));

    string OwnDirectory()
    {
        string directory = Directory.CreateTempSubdirectory("crossfold-cwd-").FullName;
        _directories.Add(directory);
        return directory;
    }

    NodeProcess Track(NodeProcess node)
    {
        _nodes.Add(node);
        return node;
    }

    /// <summary>Every process's output, for a failing test's message.</summary>
    public string Logs() => string.Join("\n", _nodes.Select(n => $"===== {n.Name} (pid {n.Id}, {(n.HasExited ? $"exited {n.ExitCode}" : "running")})\n{Tail(n.Output)}"));

    static string Tail(string text) => text.Length > 6000 ? "…" + text[^6000..] : text;

    public void Dispose()
    {
        Client.Dispose();
        foreach (var n in _nodes) n.Dispose();
        foreach (var link in _links) link.Dispose();
        CoordinatorLink?.Dispose();
        foreach (string directory in _directories.Append(Data))
            try { Directory.Delete(directory, true); } catch (IOException) { }
    }
}
