using Crossfold.Coordinator.Scheduling;
using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Protocol.Messages;
using static Crossfold.Tests.Scheduling.SchedulerFixture;

namespace Crossfold.Tests.Scheduling;

/// <summary>With refit: true, the best trial is trained once more on all training images after the last fold, and the sweep ends after it.</summary>
public sealed class RefitSchedulingTests
{
    readonly SchedulerFixture _f = new();

    /// <summary>Runs every fold on one slot; the second architecture's folds score higher, with the given best epochs.</summary>
    AssignJob RunFolds(string sweepId, SlotInfo slot)
    {
        while (true)
        {
            var job = Assignments(_f.Scheduler.RequestWork(slot, _f.Now)).Single();
            if (job.Job.Refit) return job;
            double accuracy = job.Job.TrialIndex == 1 ? 0.9 : 0.6;
            var effects = _f.Scheduler.Complete(sweepId, job.Job.JobId, job.Attempt, Outcome(accuracy, bestEpoch: 2 + job.Job.Fold), slot.Key, _f.Now);
            Assert.DoesNotContain(effects.Events, e => e is SweepEnded);
        }
    }

    [Fact]
    public void After_the_last_fold_the_best_trial_is_refit_and_then_the_sweep_ends()
    {
        var (reply, _) = _f.Scheduler.Submit(Sweep("r1", 3, refit: true, "seed-mlp-2", "seed-cnn-2"), _f.Now);
        Assert.Equal(7, Assert.IsType<SweepAccepted>(reply).Jobs); // 2 trials x 3 folds, and the refit
        var a = Slot("a");
        var refit = RunFolds("r1", a);

        Assert.True(refit.Job.Refit);
        Assert.Equal((6, 1), (refit.Job.JobId, refit.Job.TrialIndex)); // the second trial scored higher
        Assert.Equal(3, refit.Job.Training.Epochs); // the median of the folds' best epochs 2, 3, 4
        Assert.Equal(0, refit.Job.Training.EarlyStoppingPatience);
        var status = _f.Scheduler.Sweeps["r1"].Status(_f.Now);
        Assert.Equal((7, 6, 1), (status.Jobs, status.Done, status.Running));
        Assert.Null(_f.Scheduler.Sweeps["r1"].Model());

        var end = _f.Scheduler.Complete("r1", refit.Job.JobId, refit.Attempt, Outcome(0.93, weights: new byte[] { 1, 2, 3 }), a.Key, _f.Now);
        Assert.Equal(SweepState.Completed, end.Events.OfType<SweepEnded>().Single().State);
        var run = _f.Scheduler.Sweeps["r1"];
        var model = run.Model()!;
        Assert.Equal(0.93, model.Test.Accuracy);
        Assert.Equal(new byte[] { 1, 2, 3 }, model.Weights);
        Assert.Equal("seed-cnn-2", model.Architecture.Name);
        var results = run.Results();
        Assert.Equal(0.93, results.Refit!.Outcome!.Test.Accuracy);
        Assert.Null(results.Refit.Outcome.Weights); // weights travel in the model file, not with every report
    }

    [Fact]
    public void A_coordinator_that_died_before_queueing_the_refit_queues_it_on_restore()
    {
        var original = new SchedulerFixture();
        original.Submit(Sweep("r2", 2, refit: true, "seed-mlp-2"));
        var a = Slot("a");
        for (int i = 0; i < 2; i++)
        {
            var job = Assignments(original.Scheduler.RequestWork(a, original.Now)).Single();
            original.Scheduler.Complete("r2", job.Job.JobId, job.Attempt, Outcome(0.8), a.Key, original.Now);
        }
        var stored = original.Scheduler.Sweeps["r2"];
        var run = new SweepRun(stored.Submission, Crossfold.Core.Sweeps.SweepPlan.Create(stored.Submission.Definition, "r2", "fingerprint", 28, 28), stored.Created);
        for (int i = 0; i < 2; i++)
        {
            run.Jobs[i].Status = JobStatus.Done;
            run.Jobs[i].Outcome = stored.Jobs[i].Outcome;
        }

        var restored = new SchedulerFixture();
        restored.Scheduler.Restore(run, restored.Now);
        var refit = Assignments(restored.Scheduler.RequestWork(a, restored.Now)).Single();
        Assert.True(refit.Job.Refit);
        Assert.Equal(SweepState.Running, restored.Scheduler.Sweeps["r2"].State);
    }

    [Fact]
    public void A_refit_that_fails_for_good_still_ends_the_sweep_and_says_why()
    {
        var f = new SchedulerFixture(maxRetries: 0);
        f.Submit(Sweep("r3", 2, refit: true, "seed-mlp-2"));
        var a = Slot("a");
        AssignJob job;
        while (!(job = Assignments(f.Scheduler.RequestWork(a, f.Now)).Single()).Job.Refit)
            f.Scheduler.Complete("r3", job.Job.JobId, job.Attempt, Outcome(0.8), a.Key, f.Now);
        var end = f.Scheduler.Fail("r3", job.Job.JobId, job.Attempt, "no held-out split", a.Key, f.Now);
        Assert.Equal(SweepState.Completed, end.Events.OfType<SweepEnded>().Single().State);
        Assert.Equal("no held-out split", f.Scheduler.Sweeps["r3"].Results().Refit!.Error);
        Assert.Null(f.Scheduler.Sweeps["r3"].Model());
    }
}
