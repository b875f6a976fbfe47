using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Protocol.Messages;
using Crossfold.Tests.Support.Cluster;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Cluster;

/// <summary>
/// A coordinator node and three worker nodes in this process, each its own actor system talking over
/// real TCP on 127.0.0.1: a sweep spread over them gives exactly the single-process run's metrics.
/// </summary>
public sealed class InProcessClusterTests
{
    [Fact]
    public async Task A_sweep_spread_over_three_worker_nodes_gives_the_single_process_metrics()
    {
        await using var nodes = await InProcessNodes.Start();
        for (int i = 0; i < 3; i++) await nodes.AddWorker();
        await Eventually.True(async () => (await nodes.Client.Cluster()).Slots.Count == 3, TimeSpan.FromSeconds(60), "three worker slots to register");

        var created = await nodes.Client.Submit(ClusterTestSweeps.Tiny, "tiny.yaml");
        Assert.Equal((2, 6), (created.Trials, created.Jobs));
        var status = await Eventually.Get(async () => await nodes.Client.Status(created.Id) is { State: not SweepState.Running } s ? s : null,
            TimeSpan.FromMinutes(3), "the distributed sweep to finish");
        Assert.Equal(SweepState.Completed, status.State);
        Assert.Equal(6, status.Done);

        var distributed = await nodes.Client.ReportData(created.Id);
        Assert.True(distributed.Trials.SelectMany(t => t.Folds).Select(f => f.Node).Distinct().Count() >= 2,
            "the folds should have been spread over several worker nodes");
        var local = await ClusterTestSweeps.RunLocally(ClusterTestSweeps.Tiny);
        ClusterTestSweeps.AssertSameFolds(local, distributed);
    }
}
