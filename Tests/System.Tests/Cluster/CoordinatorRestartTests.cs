using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Protocol.Messages;
using Crossfold.Tests.Support.Cluster;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Cluster;

/// <summary>
/// Real processes: a coordinator killed with SIGKILL in the middle of a sweep and started again keeps
/// every finished fold, runs the rest (its worker joins again by itself), and ends with the report an
/// undisturbed run gives.
/// </summary>
public sealed class CoordinatorRestartTests
{
    [Fact]
    public async Task A_killed_coordinator_resumes_its_sweep_from_the_database()
    {
        using var cluster = new ProcessCluster();
        cluster.StartWorker("worker", slots: 2);
        await Eventually.True(async () => (await cluster.Client.Cluster()).Slots.Count == 2, TimeSpan.FromSeconds(60),
            "the worker's two slots to register", cluster.Logs);

        var created = await cluster.Client.Submit(ClusterTestSweeps.Slow, "slow.yaml");
        await Eventually.True(async () => await cluster.Client.Status(created.Id) is { Done: >= 2, Running: >= 1 },
            TimeSpan.FromMinutes(2), "two folds done and more running", cluster.Logs);
        var before = (await cluster.Client.ReportData(created.Id)).Trials.SelectMany(t => t.Folds).ToDictionary(f => f.JobId);

        cluster.Coordinator.Kill();
        cluster.StartCoordinator();

        var status = await Eventually.Get(async () => await cluster.Client.Status(created.Id) is { State: not SweepState.Running } s ? s : null,
            TimeSpan.FromMinutes(4), "the resumed sweep to finish", cluster.Logs);
        Assert.True(status.State == SweepState.Completed && status.Done == status.Jobs && status.Failed == 0, cluster.Logs());

        var after = await cluster.Client.ReportData(created.Id);
        var folds = after.Trials.SelectMany(t => t.Folds).ToDictionary(f => f.JobId);
        foreach (var (jobId, fold) in before)
        {
            // Kept from the database, not trained again: same duration to the tick, first attempt.
            Assert.Equal(fold.Seconds, folds[jobId].Seconds);
            Assert.Equal(1, folds[jobId].Attempts);
        }
        ClusterTestSweeps.AssertSameFolds(await ClusterTestSweeps.RunLocally(ClusterTestSweeps.Slow), after);
    }
}
