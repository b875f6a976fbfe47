using Crossfold.Coordinator.Client;
using Crossfold.Coordinator.Scheduling;
using Crossfold.Coordinator.Server;
using Crossfold.Shared.Cluster;
using Crossfold.Shared.Protocol;
using Crossfold.Worker.Hosting;
using Crossfold.Worker.Slots;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Crossfold.Tests.Cluster;

/// <summary>
/// A coordinator node and three worker nodes in this process, each its own actor system talking over
/// real TCP on 127.0.0.1: a sweep spread over them gives exactly the single-process run's metrics.
/// </summary>
public sealed class InProcessClusterTests : IAsyncLifetime
{
    readonly string _data = Directory.CreateTempSubdirectory("crossfold-inproc-").FullName;
    WebApplication? _coordinator;
    readonly List<IHost> _workers = new();
    CoordinatorClient _client = null!;

    public async Task InitializeAsync()
    {
        int http = TestPorts.Free(), akka = TestPorts.Free();
        var seeds = new[] { $"127.0.0.1:{akka}" };
        _coordinator = CoordinatorServer.Build(new ServeOptions($"http://127.0.0.1:{http}",
            new ClusterNodeOptions("127.0.0.1", akka, "127.0.0.1", seeds), _data, null, null, ServeOptions.DefaultMaxBodyBytes, SchedulerOptions.Default));
        await _coordinator.StartAsync();
        for (int i = 0; i < 3; i++)
        {
            var worker = WorkerNode.Build(new WorkerOptions(new ClusterNodeOptions("127.0.0.1", 0, "127.0.0.1", seeds), "cpu", 1, 1, TimeSpan.FromSeconds(5)),
                SlotPlan.Create("cpu", 1, 1));
            await worker.StartAsync();
            _workers.Add(worker);
        }
        _client = new CoordinatorClient($"http://127.0.0.1:{http}", null);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        foreach (var w in _workers) await w.StopAsync();
        if (_coordinator is not null) await _coordinator.DisposeAsync();
        Directory.Delete(_data, true);
    }

    [Fact]
    public async Task A_sweep_spread_over_three_worker_nodes_gives_the_single_process_metrics()
    {
        await Eventually.True(async () => (await _client.Cluster()).Slots.Count == 3, TimeSpan.FromSeconds(60), "three worker slots to register");

        var created = await _client.Submit(ClusterTestSweeps.Tiny, "tiny.yaml");
        Assert.Equal((2, 6), (created.Trials, created.Jobs));
        var status = await Eventually.Get(async () => await _client.Status(created.Id) is { State: not SweepState.Running } s ? s : null,
            TimeSpan.FromMinutes(3), "the distributed sweep to finish");
        Assert.Equal(SweepState.Completed, status.State);
        Assert.Equal(6, status.Done);

        var distributed = await _client.ReportData(created.Id);
        Assert.True(distributed.Trials.SelectMany(t => t.Folds).Select(f => f.Node).Distinct().Count() >= 2,
            "the folds should have been spread over several worker nodes");
        var local = await ClusterTestSweeps.RunLocally(ClusterTestSweeps.Tiny);
        ClusterTestSweeps.AssertSameFolds(local, distributed);
    }
}
