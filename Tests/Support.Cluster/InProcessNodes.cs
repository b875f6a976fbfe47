using Crossfold.Cli.Client;
using Crossfold.Coordinator.Scheduling;
using Crossfold.Coordinator.Server;
using Crossfold.Core.Data;
using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Protocol.Cluster;
using Crossfold.Protocol.Messages;
using Crossfold.Worker.Hosting;
using Crossfold.Worker.Jobs;
using Crossfold.Worker.Slots;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;

namespace Crossfold.Tests.Support.Cluster;

/// <summary>
/// Coordinator and worker nodes in this process, each built by the production code and each its own
/// actor system talking over real TCP on 127.0.0.1, sharing one data directory.
/// </summary>
public sealed class InProcessNodes : IAsyncDisposable
{
    readonly List<WebApplication> _coordinators = new();
    readonly List<IHost> _workers = new();
    readonly TlsOptions? _tls;

    InProcessNodes(string? token, long maxBodyBytes, TlsOptions? tls)
    {
        _tls = tls;
        Token = token;
        MaxBodyBytes = maxBodyBytes;
        Seeds = new[] { $"127.0.0.1:{TestPorts.Free()}" };
    }

    public string Data { get; } = Directory.CreateTempSubdirectory("crossfold-nodes-").FullName;
    public string[] Seeds { get; }
    public string? Token { get; }
    public long MaxBodyBytes { get; }

    /// <summary>The coordinator nodes still running, oldest first.</summary>
    public IReadOnlyList<WebApplication> Coordinators => _coordinators;

    /// <summary>The first coordinator's HTTP API.</summary>
    public string Url { get; private set; } = "";
    public CoordinatorClient Client { get; private set; } = null!;

    /// <summary>Starts a cluster with one coordinator node (the seed).</summary>
    public static async Task<InProcessNodes> Start(string? token = null, long maxBodyBytes = ServeOptions.DefaultMaxBodyBytes, TlsOptions? tls = null)
    {
        var nodes = new InProcessNodes(token, maxBodyBytes, tls);
        var (_, url) = await nodes.AddCoordinator(int.Parse(nodes.Seeds[0].Split(':')[1]));
        nodes.Url = url;
        nodes.Client = new CoordinatorClient(url, token);
        return nodes;
    }

    /// <summary>Starts a coordinator node on the given remoting port (any free one by default); returns it and its API's URL.</summary>
    public async Task<(WebApplication Node, string Url)> AddCoordinator(int? akkaPort = null)
    {
        string url = $"http://127.0.0.1:{TestPorts.Free()}";
        var node = CoordinatorServer.Build(new ServeOptions(url,
            new ClusterNodeOptions("127.0.0.1", akkaPort ?? TestPorts.Free(), "127.0.0.1", Seeds, _tls), Data, null, Token, MaxBodyBytes,
            SchedulerOptions.Default));
        await node.StartAsync();
        _coordinators.Add(node);
        return (node, url);
    }

    /// <summary>
    /// Starts a worker node with CPU slots of one thread; real training unless <paramref name="runner"/> says otherwise.
    /// It uses the cluster's TLS settings, or <paramref name="tls"/>, or plain TCP when <paramref name="plain"/>.
    /// </summary>
    public async Task<IHost> AddWorker(int slots = 1, Func<SlotInfo, IJobRunner>? runner = null, TlsOptions? tls = null, bool plain = false)
    {
        var worker = WorkerNode.Build(new WorkerOptions(new ClusterNodeOptions("127.0.0.1", 0, "127.0.0.1", Seeds, plain ? null : tls ?? _tls), "cpu", slots, 1,
            TimeSpan.FromSeconds(5)), SlotPlan.Create("cpu", slots, 1), runner);
        await worker.StartAsync();
        _workers.Add(worker);
        return worker;
    }

    /// <summary>A runner whose jobs only wait <paramref name="duration"/>.</summary>
    public static Func<SlotInfo, IJobRunner> Simulated(TimeSpan duration) => slot => new SimulatedJobRunner(_ => duration, slot.Node);

    /// <summary>Stops a coordinator node gracefully (it leaves the cluster; a singleton it hosts moves).</summary>
    public async Task Stop(WebApplication coordinator)
    {
        await coordinator.StopAsync();
        await coordinator.DisposeAsync();
        _coordinators.Remove(coordinator);
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        foreach (var w in _workers) await w.StopAsync();
        foreach (var w in _workers) w.Dispose();
        foreach (var c in _coordinators) await c.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(Data, true);
    }
}
