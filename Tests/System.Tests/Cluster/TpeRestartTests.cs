using Crossfold.Core.Results;
using Crossfold.Tests.Support;
using Crossfold.Tests.Support.Cluster;

namespace Crossfold.Tests.Cluster;

/// <summary>
/// Real training and real processes: a TPE sweep proposes the same trials on one slot or two, and one whose coordinator is
/// killed with SIGKILL after its first rounds, and started again on the same database, replays those rounds and ends
/// with the trials and folds of an undisturbed run.
/// </summary>
public sealed class TpeRestartTests
{
    const string Tpe = """
        name: tpe-restart
        seed: 9
        dataset: {source: mnist-t10k, limit: 1000}
        folds: 2
        search: {method: tpe, trials: 8, batch: 2}
        architectures: [seed-mlp-2]
        hyperparameters: {learning_rate: {log_uniform: [0.00001, 0.01]}}
        training: {epochs: 1}
        """;

    [Fact]
    public async Task A_tpe_sweep_proposes_the_same_trials_on_any_slots_and_after_a_coordinator_kill()
    {
        var expected = await ClusterTestSweeps.RunLocally(Tpe, slots: 1);
        Assert.Equal(8, expected.Trials.Count);
        var onTwo = await ClusterTestSweeps.RunLocally(Tpe, slots: 2);
        Assert.Equal(expected.Trials.Select(t => t.Label), onTwo.Trials.Select(t => t.Label));
        ClusterTestSweeps.AssertSameFolds(expected, onTwo);

        using var cluster = new ProcessCluster();
        cluster.StartWorker("worker", slots: 1);
        await Eventually.True(async () => (await cluster.Client.Cluster()).Slots.Count == 1, TimeSpan.FromSeconds(60),
            "the worker's slot to register", cluster.Logs);
        var created = await cluster.Client.Submit(Tpe, "tpe.yaml");
        Assert.Equal((8, 16), (created.Trials, created.Jobs));
        // Killed once the second round exists: the restarted coordinator must rebuild it from the database, not draw anew.
        var before = await Eventually.Get(async () => await cluster.Client.Status(created.Id) is { Trials.Length: >= 4, Done: >= 5 } s ? s : null,
            TimeSpan.FromMinutes(2), "the second TPE round to run", cluster.Logs);
        Assert.True(before.State == SweepState.Running && before.Done < 16, cluster.Logs());
        cluster.Coordinator.Kill();
        cluster.StartCoordinator();

        var status = await Eventually.Get(async () => await cluster.Client.Status(created.Id) is { State: not SweepState.Running } s ? s : null,
            TimeSpan.FromMinutes(4), "the resumed sweep to finish", cluster.Logs);
        Assert.True(status.State == SweepState.Completed && status.Failed == 0, cluster.Logs());
        var after = await cluster.Client.ReportData(created.Id);
        Assert.Equal(expected.Trials.Select(t => t.Label), after.Trials.Select(t => t.Label));
        ClusterTestSweeps.AssertSameFolds(expected, after);
        Assert.Equal(16, after.Trials.Sum(t => t.Folds.Count));
    }
}
