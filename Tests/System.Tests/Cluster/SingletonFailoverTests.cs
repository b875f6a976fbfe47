using Crossfold.Cli.Client;
using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Protocol.Messages;
using Crossfold.Tests.Support.Cluster;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Cluster;

/// <summary>
/// Two coordinator nodes sharing one store: exactly one hosts the sweep coordinator; when its node
/// leaves, the other takes over, resumes the sweep from the store, and the workers follow. A watcher on the
/// other node's API sees its stream end with the coordinator it followed, reconnects once, gets a fresh status
/// (the new coordinator cannot replay the old one's ids) and follows the sweep to its end.
/// </summary>
public sealed class SingletonFailoverTests
{
    [Fact]
    public async Task When_the_coordinator_node_leaves_the_other_takes_over_and_the_sweep_finishes()
    {
        await using var nodes = await InProcessNodes.Start();
        var (second, secondUrl) = await nodes.AddCoordinator();
        await nodes.AddWorker(2, InProcessNodes.Simulated(TimeSpan.FromMilliseconds(300)));
        using var viaSecond = new CoordinatorClient(secondUrl, null);
        await Eventually.True(async () => (await viaSecond.Cluster()).Slots.Count == 2, TimeSpan.FromSeconds(60), "both slots, seen from either node");

        // Both nodes' APIs talk to the one singleton, which the first (oldest) coordinator node hosts.
        var created = await nodes.Client.Submit("name: failover\nfolds: 10\narchitectures: [seed-mlp-2, seed-mlp-3]\n", "failover.yaml");
        Assert.Equal(created.Id, (await viaSecond.List()).Single().SweepId);
        int reconnections = 0;
        var snapshots = new List<SweepStatus>();
        var watched = Watch(SweepFollower.Follow(viaSecond, created.Id, TimeSpan.FromMinutes(2), () => reconnections++, snapshots.Add));
        await Eventually.True(async () => (await viaSecond.Status(created.Id)).Done >= 4, TimeSpan.FromSeconds(60), "some folds done");

        await nodes.Stop(nodes.Coordinators[0]); // the oldest coordinator node leaves: the singleton moves

        var status = await Eventually.Get(async () => await viaSecond.Status(created.Id) is { State: SweepState.Completed } s ? s : null,
            TimeSpan.FromMinutes(2), "the sweep to finish under the second coordinator");
        Assert.Equal((20, 0), (status.Done, status.Failed));
        Assert.Equal(20, (await viaSecond.ReportData(created.Id)).Trials.Sum(t => t.Folds.Count));

        var events = await watched.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(new SweepEnded(created.Id, SweepState.Completed), events[^1]);
        Assert.Equal(1, reconnections);
        Assert.Single(snapshots);
        Assert.InRange(snapshots[0].Done, 4, 20);
    }

    static async Task<List<ISweepEvent>> Watch(IAsyncEnumerable<ISweepEvent> events)
    {
        var seen = new List<ISweepEvent>();
        await foreach (var e in events) seen.Add(e);
        return seen;
    }
}
