using Crossfold.Core.Results;
using Crossfold.Tests.Support;
using Crossfold.Tests.Support.Cluster;

namespace Crossfold.Tests.Cluster;

/// <summary>
/// Real processes: a raced sweep whose coordinator is killed with SIGKILL before racing decided anything
/// and started again on the same database eliminates the same trials at the same rounds as a run without
/// restart, runs the same folds, and counts none twice.
/// </summary>
public sealed class RacingRestartTests
{
    // Three trials that differ clearly after one epoch: a learning rate a hundred times too small loses at round 3.
    const string Raced = """
        name: raced-restart
        seed: 5
        dataset: {source: mnist-t10k, limit: 600}
        folds: 5
        search: {racing: {alpha: 0.05, min_folds: 3}}
        architectures: [seed-mlp-2]
        hyperparameters: {learning_rate: [0.001, 0.002, 0.00001]}
        training: {epochs: 1}
        """;

    [Fact]
    public async Task A_raced_sweep_resumed_after_a_kill_eliminates_what_an_undisturbed_run_eliminates()
    {
        // One slot in both runs: which folds of an eliminated trial ran before its round was decided then
        // depends only on the breadth-first order, so the two runs must run the very same folds.
        var expected = await ClusterTestSweeps.RunLocally(Raced, slots: 1);
        Assert.Equal([(2, 3)], expected.Racing!.Eliminated.Select(e => (e.Trial, e.Round)));

        using var cluster = new ProcessCluster();
        cluster.StartWorker("worker", slots: 1);
        await Eventually.True(async () => (await cluster.Client.Cluster()).Slots.Count == 1, TimeSpan.FromSeconds(60),
            "the worker's slot to register", cluster.Logs);
        var created = await cluster.Client.Submit(Raced, "raced.yaml");
        var before = await Eventually.Get(async () => await cluster.Client.Status(created.Id) is { Done: >= 2 } s ? s : null,
            TimeSpan.FromMinutes(2), "two folds done", cluster.Logs);
        // Round 3 needs nine folds: killed now, every elimination is decided by the restarted coordinator.
        Assert.True(before.Done < 9 && before.Trials.All(t => t.Eliminated is null), cluster.Logs());
        var kept = (await cluster.Client.ReportData(created.Id)).Trials.SelectMany(t => t.Folds).ToDictionary(f => f.JobId);

        cluster.Coordinator.Kill();
        cluster.StartCoordinator();

        var status = await Eventually.Get(async () => await cluster.Client.Status(created.Id) is { State: not SweepState.Running } s ? s : null,
            TimeSpan.FromMinutes(4), "the resumed sweep to finish", cluster.Logs);
        Assert.True(status.State == SweepState.Completed && status.Failed == 0, cluster.Logs());

        // The restarted scheduler's own eliminations (status), trial by trial, against the undisturbed run's.
        foreach (var trial in status.Trials)
            if (expected.Racing.Eliminated.SingleOrDefault(e => e.Trial == trial.TrialIndex) is { } e)
                Assert.StartsWith($"eliminated after fold {e.Round} (adjusted p = {e.AdjustedP.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)} against trial {e.Leader})",
                    trial.Eliminated);
            else Assert.Null(trial.Eliminated);

        var after = await cluster.Client.ReportData(created.Id);
        Assert.Equal(expected.Racing.Eliminated, after.Racing!.Eliminated);
        // No fold counted twice: every finished fold once, as many as the status counts and the undisturbed run ran.
        var folds = after.Trials.SelectMany(t => t.Folds).ToList();
        Assert.Equal(folds.Count, folds.Select(f => f.JobId).Distinct().Count());
        Assert.Equal(status.Done, folds.Count);
        Assert.Equal(status.Done, status.Trials.Sum(t => t.FoldsDone));
        ClusterTestSweeps.AssertSameFolds(expected, after);
        foreach (var (jobId, fold) in kept)
        {
            // Kept from the database, not trained again.
            var now = folds.Single(f => f.JobId == jobId);
            Assert.Equal((fold.Seconds, 1), (now.Seconds, now.Attempts));
        }
    }
}
