using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Protocol.Messages;
using Crossfold.Tests.Support.Cluster;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Cluster;

/// <summary>
/// Real processes: a worker killed with SIGKILL in the middle of a job costs that fold's time, never
/// the sweep, and a worker started after the sweep began gets work.
/// </summary>
public sealed class WorkerFailoverTests
{
    [Fact]
    public async Task A_worker_killed_mid_job_loses_no_fold_and_a_late_worker_joins_in()
    {
        using var cluster = new ProcessCluster();
        var (victim, victimNode) = cluster.StartWorker("worker-1");
        var (_, survivorNode) = cluster.StartWorker("worker-2");
        await Eventually.True(async () => (await cluster.Client.Cluster()).Slots.Count == 2, TimeSpan.FromSeconds(60),
            "two worker slots to register", cluster.Logs);

        var created = await cluster.Client.Submit(ClusterTestSweeps.Slow, "slow.yaml");
        // Kill the victim once it is past its first epoch: properly in the middle of a fold.
        var running = await Eventually.Get(async () => (await cluster.Client.Status(created.Id)).RunningJobs
                .FirstOrDefault(j => j.Slot.Node == victimNode && j.EpochsDone >= 1),
            TimeSpan.FromSeconds(90), "a job in progress on worker-1", cluster.Logs);
        victim.Kill();
        var (_, lateNode) = cluster.StartWorker("worker-3");

        var status = await Eventually.Get(async () => await cluster.Client.Status(created.Id) is { State: not SweepState.Running } s ? s : null,
            TimeSpan.FromMinutes(4), "the sweep to finish after the kill", cluster.Logs);
        Assert.True(status.State == SweepState.Completed && status.Done == status.Jobs && status.Failed == 0, cluster.Logs());

        var report = await cluster.Client.ReportData(created.Id);
        var folds = report.Trials.SelectMany(t => t.Folds).ToList();
        var killed = folds.Single(f => f.JobId == running.JobId);
        Assert.True(killed.Attempts >= 2, $"job {running.JobId} should have been tried again after the kill");
        Assert.NotEqual(victimNode, killed.Node);
        Assert.Contains(folds, f => f.Node == lateNode);
        Assert.Contains(folds, f => f.Node == survivorNode);

        ClusterTestSweeps.AssertSameFolds(await ClusterTestSweeps.RunLocally(ClusterTestSweeps.Slow), report);
    }
}
