using Crossfold.Coordinator.Client;
using Crossfold.Coordinator.Scheduling;
using Crossfold.Coordinator.Server;
using Crossfold.Shared.Cluster;
using Crossfold.Shared.Protocol;
using Crossfold.Worker.Hosting;
using Crossfold.Worker.Jobs;
using Crossfold.Worker.Slots;

namespace Crossfold.Tests.Cluster;

/// <summary>
/// Two coordinator nodes sharing one store: exactly one hosts the sweep coordinator; when its node
/// leaves, the other takes over, resumes the sweep from the store, and the workers follow.
/// </summary>
public sealed class SingletonFailoverTests
{
    [Fact]
    public async Task When_the_coordinator_node_leaves_the_other_takes_over_and_the_sweep_finishes()
    {
        string data = Directory.CreateTempSubdirectory("crossfold-failover-").FullName;
        int httpA = TestPorts.Free(), akkaA = TestPorts.Free(), httpB = TestPorts.Free(), akkaB = TestPorts.Free();
        var seeds = new[] { $"127.0.0.1:{akkaA}" };
        ServeOptions Node(int http, int akka) => new($"http://127.0.0.1:{http}", new ClusterNodeOptions("127.0.0.1", akka, "127.0.0.1", seeds),
            data, null, null, ServeOptions.DefaultMaxBodyBytes, SchedulerOptions.Default);

        var first = CoordinatorServer.Build(Node(httpA, akkaA));
        await first.StartAsync();
        await using var second = CoordinatorServer.Build(Node(httpB, akkaB));
        await second.StartAsync();
        using var worker = WorkerNode.Build(new WorkerOptions(new ClusterNodeOptions("127.0.0.1", 0, "127.0.0.1", seeds), "cpu", 2, 1, TimeSpan.FromSeconds(5)),
            SlotPlan.Create("cpu", 2, 1), slot => new SimulatedJobRunner(_ => TimeSpan.FromMilliseconds(300), slot.Node));
        await worker.StartAsync();
        using var clientA = new CoordinatorClient($"http://127.0.0.1:{httpA}", null);
        using var clientB = new CoordinatorClient($"http://127.0.0.1:{httpB}", null);
        try
        {
            await Eventually.True(async () => (await clientB.Cluster()).Slots.Count == 2, TimeSpan.FromSeconds(60), "both slots, seen from either node");
            // Both nodes' APIs talk to the one singleton.
            var created = await clientA.Submit("name: failover\nfolds: 10\narchitectures: [seed-mlp-2, seed-mlp-3]\n", "failover.yaml");
            Assert.Equal(created.Id, (await clientB.List()).Single().SweepId);
            await Eventually.True(async () => (await clientB.Status(created.Id)).Done >= 4, TimeSpan.FromSeconds(60), "some folds done");

            await first.StopAsync(); // the oldest coordinator node leaves: the singleton moves
            await first.DisposeAsync();

            var status = await Eventually.Get(async () => await clientB.Status(created.Id) is { State: SweepState.Completed } s ? s : null,
                TimeSpan.FromMinutes(2), "the sweep to finish under the second coordinator");
            Assert.Equal((20, 0), (status.Done, status.Failed));
            var report = await clientB.ReportData(created.Id);
            Assert.Equal(20, report.Trials.Sum(t => t.Folds.Count));
        }
        finally
        {
            await worker.StopAsync();
            await second.StopAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, true);
        }
    }
}
