using Akka.Actor;
using Crossfold.Cli.Local;
using Crossfold.Coordinator.Events;
using Crossfold.Coordinator.Scheduling;
using Crossfold.Coordinator.Sweeps;
using Crossfold.Core.Data;
using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Protocol.Messages;
using Crossfold.Reports;
using Crossfold.Worker.Jobs;
using Crossfold.Worker.Slots;

using Xunit;

namespace Crossfold.Tests.Support.Cluster;

/// <summary>Small real sweeps for cluster tests, and the single-process run their results must equal.</summary>
public static class ClusterTestSweeps
{
    /// <summary>Two architectures (one with dropout) x 3 folds on 600 noisy digits: about a second per job.</summary>
    public const string Tiny = """
        name: tiny-cluster
        seed: 7
        dataset: {source: mnist-t10k, limit: 600}
        noise: {kind: gaussian, sigma: 0.4}
        folds: 3
        architectures: [seed-cnn-2, seed-mlp-1]
        training: {epochs: 2, batch_size: 50}
        """;

    /// <summary>Jobs of several seconds each (CNN-5 on 2,000 of 3,000 images, 4 epochs), so a worker can be killed mid-job.</summary>
    public const string Slow = """
        name: slow-cluster
        seed: 11
        dataset: {source: mnist-t10k, limit: 3000}
        noise: {kind: gaussian, sigma: 0.5}
        folds: 3
        architectures: [seed-cnn-5, seed-cnn-2]
        training: {epochs: 4}
        """;

    /// <summary>Runs the sweep in this process (the `crossfold run` path) and returns its report.</summary>
    public static async Task<SweepReport> RunLocally(string yaml, int slots = 2)
    {
        var datasets = new DatasetCache();
        var (submission, _, _) = SweepIntake.FromText(yaml, "local.yaml", datasets, "local-baseline");
        await using var cluster = LocalCluster.Start(SlotPlan.Create("cpu", slots, 1), datasets, SchedulerOptions.Default);
        Assert.IsType<SweepAccepted>(await cluster.Coordinator.Ask<IProtocolMessage>(submission, TimeSpan.FromSeconds(30)));
        await Eventually.True(async () => (await cluster.Coordinator.Ask<SweepStatus>(new GetSweepStatus("local-baseline"))).State != SweepState.Running,
            TimeSpan.FromMinutes(5), "the local baseline run to finish");
        return ReportBuilder.Build((await cluster.Coordinator.Ask<SweepResultsReady>(new GetSweepResults("local-baseline"))).Results);
    }

    /// <summary>Asserts two reports hold bit-identical per-fold metrics and histories, fold by fold.</summary>
    public static void AssertSameFolds(SweepReport expected, SweepReport actual)
    {
        var want = expected.Trials.SelectMany(t => t.Folds).OrderBy(f => f.JobId).ToList();
        var got = actual.Trials.SelectMany(t => t.Folds).OrderBy(f => f.JobId).ToList();
        Assert.Equal(want.Select(f => f.JobId), got.Select(f => f.JobId));
        foreach (var (w, g) in want.Zip(got))
        {
            Assert.True(w.Accuracy == g.Accuracy && w.Loss == g.Loss,
                $"job {w.JobId}: accuracy {w.Accuracy:R} / loss {w.Loss:R} locally, {g.Accuracy:R} / {g.Loss:R} on {g.Node}");
            Assert.Equal(w.History.Select(h => (h.TrainLoss, h.ValidationLoss, h.ValidationAccuracy, h.TestLoss, h.TestAccuracy)),
                g.History.Select(h => (h.TrainLoss, h.ValidationLoss, h.ValidationAccuracy, h.TestLoss, h.TestAccuracy)));
            Assert.Equal(w.Confusion, g.Confusion);
        }
    }
}
