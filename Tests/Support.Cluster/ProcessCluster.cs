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

    public ProcessCluster(params string[] coordinatorArguments)
    {
        Data = Directory.CreateTempSubdirectory("crossfold-procs-").FullName;
        HttpPort = TestPorts.Free();
        AkkaPort = TestPorts.Free();
        Coordinator = StartCoordinator(coordinatorArguments);
        Client = new CoordinatorClient($"http://127.0.0.1:{HttpPort}", null);
    }

    public string Data { get; }
    public int HttpPort { get; }
    public int AkkaPort { get; }
    public NodeProcess Coordinator { get; private set; }
    public CoordinatorClient Client { get; }

    /// <summary>Starts (or, after a kill, restarts) the coordinator with the same ports and data directory.</summary>
    public NodeProcess StartCoordinator(params string[] extra)
    {
        Coordinator = Track(NodeProcess.Start("coordinator", RepoPaths.CoordinatorDll,
            new[] { "serve", "--hostname", "127.0.0.1", "--port", AkkaPort.ToString(), "--http", $"http://127.0.0.1:{HttpPort}", "--data", Data }.Concat(extra), OwnDirectory()));
        return Coordinator;
    }

    /// <summary>Starts a worker on its own known port; returns it and its node name as the coordinator reports it.</summary>
    public (NodeProcess Process, string Node) StartWorker(string name, int slots = 1, params string[] extra)
    {
        int port = TestPorts.Free();
        var worker = Track(NodeProcess.Start(name, RepoPaths.WorkerDll, new[]
        {
            "--coordinator", $"127.0.0.1:{AkkaPort}", "--hostname", "127.0.0.1", "--port", port.ToString(),
            "--devices", "cpu", "--slots", slots.ToString(), "--threads", "1",
        }.Concat(extra), OwnDirectory()));
        return (worker, $"127.0.0.1:{port}");
    }

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
        foreach (string directory in _directories.Append(Data))
            try { Directory.Delete(directory, true); } catch (IOException) { }
    }
}
