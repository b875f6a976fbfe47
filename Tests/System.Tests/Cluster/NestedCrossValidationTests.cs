using Crossfold.Core.Results;
using Crossfold.Reports;
using Crossfold.Tests.Support;
using Crossfold.Tests.Support.Cluster;

namespace Crossfold.Tests.Cluster;

/// <summary>
/// Nested cross-validation end to end: on a cluster of two worker processes its outer folds, inner folds and choices are
/// bit-identical to a run in one process, and `crossfold run` refuses a nested split the data cannot make, at its line.
/// </summary>
public sealed class NestedCrossValidationTests : IDisposable
{
    const string Sweep = """
        name: nested-cluster
        seed: 7
        dataset: {source: mnist-t10k, limit: 300}
        noise: {kind: gaussian, sigma: 0.4}
        folds: {k: 3, inner_k: 2}
        architectures: [seed-mlp-1]
        hyperparameters: {learning_rate: [0.001, 0.0001]}
        training: {epochs: 1, batch_size: 50}
        """;

    readonly string _dir = Directory.CreateTempSubdirectory("crossfold-nested-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public async Task A_nested_sweep_on_two_workers_equals_the_same_sweep_in_one_process_fold_for_fold_and_choice_for_choice()
    {
        using var cluster = new ProcessCluster();
        cluster.StartWorker("worker-a", 1);
        cluster.StartWorker("worker-b", 1);
        await Eventually.True(async () => (await cluster.Client.Cluster()).Slots.Count == 2, TimeSpan.FromSeconds(90), "both workers' slots to register", cluster.Logs);
        var created = await cluster.Client.Submit(Sweep, "nested.yaml");
        Assert.Equal(2 * 3 * (1 + 2), created.Jobs);
        await Eventually.True(async () => (await cluster.Client.Status(created.Id)).State == SweepState.Completed, TimeSpan.FromMinutes(4), "the sweep to end", cluster.Logs);
        var onCluster = await cluster.Client.ReportData(created.Id);
        var local = await ClusterTestSweeps.RunLocally(Sweep, slots: 1);

        ClusterTestSweeps.AssertSameFolds(local, onCluster);
        var (want, got) = (local.Nested!, onCluster.Nested!);
        Assert.Equal(3, got.OuterFolds.Count(f => f.ChosenTrial is not null && f.OuterAccuracy is not null));
        Assert.Equal(want.OuterFolds, got.OuterFolds);
        // Inner means are sums of the inner folds' accuracies: equal means equal inner folds, bit for bit.
        Assert.Equal(want.InnerTable.Select(r => r.InnerAccuracy.ToArray()), got.InnerTable.Select(r => r.InnerAccuracy.ToArray()));
        Assert.Equal(want.NestedAccuracy, got.NestedAccuracy);
        // Both workers ran folds: the equality above is across machines, not one worker's copy of itself.
        Assert.Equal(2, onCluster.Trials.SelectMany(t => t.Folds).Select(f => f.Node).Distinct().Count());
        var status = await cluster.Client.Status(created.Id);
        Assert.Equal((18, 18), (status.Jobs, status.Done));
    }

    [Fact]
    public void Run_refuses_an_inner_split_the_outer_training_parts_cannot_make_naming_the_key_and_line()
    {
        string sweep = Path.Combine(_dir, "nested.yaml");
        File.WriteAllText(sweep, "name: too-few\ndataset: {source: mnist-t10k, limit: 40}\nfolds: {k: 2, inner_k: 3}\narchitectures: [seed-mlp-1]\ntraining: {epochs: 1}\n");
        using var run = NodeProcess.Start("crossfold", RepoPaths.CoordinatorDll, ["run", sweep, "--plain", "--out", Path.Combine(_dir, "out")], _dir);
        Assert.True(run.WaitForExit(TimeSpan.FromMinutes(2)), run.Output);
        Assert.True(run.ExitCode == 2, run.Output);
        Assert.Matches(@"nested\.yaml:3:\d+: folds\.inner_k: the training part of outer fold \d cannot be split: 3 folds need at least 3 images of every class; class \d has [0-2]", run.Output);
        Assert.False(Directory.Exists(Path.Combine(_dir, "out")), "nothing may be written for a refused sweep");
    }
}
