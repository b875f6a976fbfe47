using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Protocol.Messages;
using Crossfold.Tests.Support.Cluster;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Cluster;

/// <summary>
/// Real processes and SIGTERM, as Kubernetes or systemd stop a worker: within its grace period a
/// running job finishes and counts once; past it, the job is handed back and finished elsewhere.
/// No fold is lost, none counted twice.
/// </summary>
public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task Sigterm_lets_a_job_finish_within_the_grace_period_or_hands_it_back()
    {
        using var cluster = new ProcessCluster();
        var (patient, patientNode) = cluster.StartWorker("patient", 1, "--grace", "120");
        var (hasty, hastyNode) = cluster.StartWorker("hasty", 1, "--grace", "1");
        await Eventually.True(async () => (await cluster.Client.Cluster()).Slots.Count == 2, TimeSpan.FromSeconds(60),
            "two worker slots to register", cluster.Logs);

        var created = await cluster.Client.Submit(ClusterTestSweeps.Slow, "slow.yaml");
        var busy = await Eventually.Get(async () => (await cluster.Client.Status(created.Id)).RunningJobs is var jobs
                && jobs.Any(j => j.Slot.Node == patientNode && j.EpochsDone >= 1) && jobs.Any(j => j.Slot.Node == hastyNode && j.EpochsDone >= 1)
                    ? jobs : null,
            TimeSpan.FromMinutes(2), "both workers in the middle of a job", cluster.Logs);
        int patientJob = busy.Single(j => j.Slot.Node == patientNode).JobId, hastyJob = busy.Single(j => j.Slot.Node == hastyNode).JobId;

        patient.Terminate();
        hasty.Terminate();
        Assert.True(hasty.WaitForExit(TimeSpan.FromSeconds(60)), cluster.Logs());
        Assert.True(patient.WaitForExit(TimeSpan.FromSeconds(150)), cluster.Logs());
        Assert.True(hasty.ExitCode == 0 && patient.ExitCode == 0, cluster.Logs());
        var (_, finisherNode) = cluster.StartWorker("finisher", 2);

        var status = await Eventually.Get(async () => await cluster.Client.Status(created.Id) is { State: not SweepState.Running } s ? s : null,
            TimeSpan.FromMinutes(4), "the sweep to finish on the last worker", cluster.Logs);
        Assert.True(status.State == SweepState.Completed && status.Done == status.Jobs && status.Failed == 0, cluster.Logs());

        var report = await cluster.Client.ReportData(created.Id);
        var folds = report.Trials.SelectMany(t => t.Folds).ToList();
        Assert.Equal(folds.Count, folds.Select(f => f.JobId).Distinct().Count());
        var finished = folds.Single(f => f.JobId == patientJob);
        Assert.Equal((patientNode, 1), (finished.Node, finished.Attempts));
        var handedBack = folds.Single(f => f.JobId == hastyJob);
        Assert.Equal((finisherNode, 2), (handedBack.Node, handedBack.Attempts));
        ClusterTestSweeps.AssertSameFolds(await ClusterTestSweeps.RunLocally(ClusterTestSweeps.Slow), report);
    }
}
