using Crossfold.Core.Results;
using Crossfold.Protocol.Messages;
using Crossfold.Reports;
using Crossfold.Tests.Support.Cluster;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Cluster;

/// <summary>
/// Real processes: a worker cut off from the coordinator in the middle of a fold (every remoting connection runs
/// through a <see cref="PartitionProxy"/>, which turns into a blackhole and back) loses no fold and counts none twice,
/// comes back to training by itself, and the report equals an undisturbed run's.
/// </summary>
public sealed class PartitionTests
{
    /// <summary>Three folds of about five seconds each (five epochs of CNN-5 on 1,000 images), so a partition falls mid-fold.</summary>
    const string Sweep = """
        name: partition
        seed: 13
        dataset: {source: mnist-t10k, limit: 1500}
        noise: {kind: gaussian, sigma: 0.4}
        folds: 3
        architectures: [seed-cnn-5]
        training: {epochs: 5}
        """;

    /// <summary>The worker's own line when the cluster has downed it and it starts a fresh actor system (WorkerNode.Run).</summary>
    const string Dropped = "the cluster dropped this worker";

    /// <summary>The undisturbed run both tests compare with, computed once.</summary>
    static readonly Lazy<Task<SweepReport>> Undisturbed = new(() => ClusterTestSweeps.RunLocally(Sweep));

    [Fact]
    public async Task A_worker_partitioned_until_it_is_downed_restarts_itself_and_no_fold_is_lost_or_counted_twice()
    {
        using var cluster = ProcessCluster.Partitionable();
        var (worker, node, link) = cluster.StartPartitionableWorker("worker-1");
        var (sweepId, cut) = await CutMidFold(cluster, node, link);

        // Both sides' split-brain resolvers act: the coordinator downs the worker and requeues its fold, and the
        // worker, on the side without the coordinator, downs itself and starts again with a fresh actor system,
        // which cannot join until the network heals.
        await Eventually.True(() => Task.FromResult(worker.Output.Contains(Dropped, StringComparison.Ordinal)), TimeSpan.FromSeconds(90),
            "the worker to be dropped from the cluster and start again", cluster.Logs);
        Heal(cluster, link);

        var report = await Finished(cluster, sweepId);
        Assert.False(worker.HasExited, cluster.Logs());
        var folds = report.Trials.SelectMany(t => t.Folds).ToList();
        Assert.True(folds.Single(f => f.JobId == cut.JobId).Attempts >= 2, $"job {cut.JobId} should have been run again after the partition\n{cluster.Logs()}");
        Assert.All(folds, f => Assert.Equal(node, f.Node)); // the only worker, back in the cluster, trained them all
        ClusterTestSweeps.AssertSameFolds(await Undisturbed.Value, report);
    }

    [Fact]
    public async Task A_partition_that_heals_before_the_worker_is_downed_counts_the_fold_once()
    {
        using var cluster = ProcessCluster.Partitionable();
        var (worker, node, link) = cluster.StartPartitionableWorker("worker-1");
        var (sweepId, cut) = await CutMidFold(cluster, node, link);

        // The coordinator gives the fold up as soon as the worker is unreachable; the network heals long before
        // the split-brain resolver would down anyone, so the same worker incarnation carries on.
        await Eventually.True(async () => (await cluster.Client.Status(sweepId)).RunningJobs.All(j => j.JobId != cut.JobId), TimeSpan.FromSeconds(60),
            "the coordinator to requeue the fold of the unreachable worker", cluster.Logs);
        Heal(cluster, link);

        var report = await Finished(cluster, sweepId);
        Assert.DoesNotContain(Dropped, worker.Output, StringComparison.Ordinal);
        // The worker finished the attempt it held and reported it after the heal: refused, since that attempt was given up.
        Assert.Contains("Refused FoldReported", cluster.Coordinator.Output, StringComparison.Ordinal);
        Assert.True(report.Trials.SelectMany(t => t.Folds).Single(f => f.JobId == cut.JobId).Attempts >= 2, cluster.Logs());
        ClusterTestSweeps.AssertSameFolds(await Undisturbed.Value, report);
    }

    /// <summary>Waits for the worker's slot, submits the sweep and cuts the network once a fold on the worker is past its first epoch.</summary>
    static async Task<(string SweepId, RunningJob Cut)> CutMidFold(ProcessCluster cluster, string node, PartitionProxy link)
    {
        await Eventually.True(async () => (await cluster.Client.Cluster()).Slots.Count == 1, TimeSpan.FromSeconds(60),
            "the worker's slot to register", cluster.Logs);
        var created = await cluster.Client.Submit(Sweep, "partition.yaml");
        var running = await Eventually.Get(async () => (await cluster.Client.Status(created.Id)).RunningJobs
                .FirstOrDefault(j => j.Slot.Node == node && j.EpochsDone >= 1),
            TimeSpan.FromSeconds(90), "a fold in progress on the worker", cluster.Logs);
        // Both proxies: Akka.NET answers on the connection the worker opened (the worker's proxy saw no connection in
        // these tests), but a node may open one of its own, and the partition must hold either way.
        cluster.CoordinatorLink!.Cut();
        link.Cut();
        // The undisturbed run trains while the partition keeps the cluster waiting (started off this thread, which must heal in time).
        _ = Task.Run(() => Undisturbed.Value);
        return (created.Id, running);
    }

    static void Heal(ProcessCluster cluster, PartitionProxy link)
    {
        cluster.CoordinatorLink!.Heal();
        link.Heal();
    }

    /// <summary>Waits for the sweep to end, checks every fold was counted exactly once, and returns its report.</summary>
    static async Task<SweepReport> Finished(ProcessCluster cluster, string sweepId)
    {
        var status = await Eventually.Get(async () => await cluster.Client.Status(sweepId) is { State: not SweepState.Running } s ? s : null,
            TimeSpan.FromMinutes(3), "the sweep to finish after the partition healed", cluster.Logs);
        Assert.True(status.State == SweepState.Completed && status.Done == status.Jobs && status.Failed == 0, cluster.Logs());
        return await cluster.Client.ReportData(sweepId);
    }
}
