using Crossfold.Coordinator.Scheduling;
using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Core.Sweeps;
using Crossfold.Protocol.Messages;
using static Crossfold.Tests.Scheduling.SchedulerFixture;

namespace Crossfold.Tests.Scheduling;

/// <summary>A nested sweep runs its inner jobs like any other job, ends after the last one, and hands reports its inner jobs apart.</summary>
public sealed class NestedSchedulingTests
{
    static SubmitSweep Nested(string id, bool refit = false)
    {
        string dataset = refit ? "dataset: {images: a.npy, labels: b.npy, test_images: c.npy, test_labels: d.npy}\nrefit: true\n" : "";
        string yaml = $"name: {id}\n{dataset}folds: {{k: 3, inner_k: 2}}\narchitectures: [seed-mlp-2, seed-cnn-2]\ntraining: {{epochs: 2}}\n";
        var file = SweepFileParser.Parse(yaml, $"{id}.yaml");
        return new SubmitSweep(id, file.Definition, new DatasetFacts("fingerprint", 1000, 28, 28, 10, null), $"{id}.yaml", yaml, file.Sha256);
    }

    /// <summary>Runs every job on one slot until a refit is handed out (returned) or the sweep ends (null): trial 0 wins inner folds, trial 1 outer ones.</summary>
    static AssignJob? RunAll(SchedulerFixture f, string id, List<AssignJob> seen, List<TrialCompleted>? completed = null)
    {
        var a = Slot("a");
        while (Assignments(f.Scheduler.RequestWork(a, f.Now)).SingleOrDefault() is { } job)
        {
            seen.Add(job);
            if (job.Job.Refit) return job;
            double accuracy = job.Job.InnerFold >= 0 ? (job.Job.TrialIndex == 0 ? 0.9 : 0.7) : (job.Job.TrialIndex == 1 ? 0.95 : 0.8 + 0.01 * job.Job.Fold);
            var effects = f.Scheduler.Complete(id, job.Job.JobId, job.Attempt, Outcome(accuracy), a.Key, f.Now);
            completed?.AddRange(effects.Events.OfType<TrialCompleted>());
            if (effects.Events.OfType<SweepEnded>().Any()) return null;
        }
        throw new InvalidOperationException("the scheduler stopped handing out jobs before the sweep ended");
    }

    [Fact]
    public void Every_inner_and_outer_job_runs_once_and_the_sweep_ends_after_the_last()
    {
        var f = new SchedulerFixture();
        var (reply, _) = f.Scheduler.Submit(Nested("n1"), f.Now);
        Assert.Equal(2 * 3 * (1 + 2), Assert.IsType<SweepAccepted>(reply).Jobs);
        var seen = new List<AssignJob>();
        var completed = new List<TrialCompleted>();
        Assert.Null(RunAll(f, "n1", seen, completed));
        // Each trial completes once, with its last outer fold, however many inner jobs end after it.
        Assert.Equal([0, 1], completed.Select(c => c.Trial.TrialIndex).Order());
        Assert.Equal(Enumerable.Range(0, 18), seen.Select(j => j.Job.JobId).Order());
        Assert.Equal(12, seen.Count(j => j.Job.InnerFold >= 0));

        var run = f.Scheduler.Sweeps["n1"];
        Assert.Equal(SweepState.Completed, run.State);
        var status = run.Status(f.Now);
        Assert.Equal((18, 18), (status.Jobs, status.Done));
        // Trial progress (status, watch, page) counts the trial's outer folds only: what its table row shows.
        Assert.All(status.Trials, t => Assert.Equal((3, 3), (t.FoldsDone, t.FoldsTotal)));

        var results = run.Results();
        Assert.Equal(6, results.Jobs.Length);
        Assert.All(results.Jobs, j => Assert.Equal(-1, j.InnerFold));
        Assert.Equal(12, results.InnerJobs!.Length);
        Assert.Equal([0, 1], results.InnerJobs.Select(j => j.InnerFold).Distinct().Order());
        var estimate = NestedEstimate.Of(results.Trials.Length, results.Definition.CrossValidation, results.Jobs, results.InnerJobs);
        // Trial 0 won every inner competition, so every outer fold scores trial 0 (0.80, 0.81, 0.82), though trial 1 is best on the outer folds.
        Assert.All(estimate.Folds, c => Assert.Equal(0, c.Winner));
        Assert.Equal(0.81, estimate.Accuracy!.Mean, 12);
    }

    [Fact]
    public void A_restored_nested_sweep_runs_only_the_jobs_it_had_not_finished()
    {
        var original = new SchedulerFixture();
        original.Submit(Nested("n2"));
        var a = Slot("a");
        for (int i = 0; i < 10; i++)
        {
            var job = Assignments(original.Scheduler.RequestWork(a, original.Now)).Single();
            original.Scheduler.Complete("n2", job.Job.JobId, job.Attempt, Outcome(0.8), a.Key, original.Now);
        }
        var stored = original.Scheduler.Sweeps["n2"];
        var run = new SweepRun(stored.Submission, SweepPlan.Create(stored.Submission.Definition, "n2", "fingerprint", 28, 28), stored.Created);
        foreach (var job in stored.Jobs.Where(j => j.Status == JobStatus.Done))
        {
            run.Jobs[job.Spec.JobId].Status = JobStatus.Done;
            run.Jobs[job.Spec.JobId].Outcome = job.Outcome;
        }
        var restored = new SchedulerFixture();
        restored.Scheduler.Restore(run, restored.Now);
        var rest = new List<AssignJob>();
        Assert.Null(RunAll(restored, "n2", rest));
        Assert.Equal(Enumerable.Range(10, 8), rest.Select(j => j.Job.JobId).Order());
    }

    [Fact]
    public void With_refit_the_final_model_follows_the_plain_best_trial_after_every_inner_job()
    {
        var f = new SchedulerFixture();
        f.Submit(Nested("n3", refit: true));
        var seen = new List<AssignJob>();
        var refit = RunAll(f, "n3", seen)!;
        Assert.Equal(18, seen.Count(j => !j.Job.Refit));
        // The refit is chosen as a plain sweep's is, by the outer folds' means: the final model of "choose by cross-validation".
        Assert.Equal((18, 1), (refit.Job.JobId, refit.Job.TrialIndex));
    }
}
