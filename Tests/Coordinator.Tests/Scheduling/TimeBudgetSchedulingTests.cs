using Crossfold.Coordinator.Scheduling;
using Crossfold.Coordinator.Storage;
using Crossfold.Core.Results;
using Crossfold.Core.Sweeps;
using Crossfold.Protocol.Messages;
using static Crossfold.Tests.Scheduling.SchedulerFixture;

namespace Crossfold.Tests.Scheduling;

/// <summary>
/// search.max_hours: once the sweep's time budget (from its acceptance, on the scheduler's clock) is spent,
/// its queued folds are dropped, its running ones stopped, its finished ones kept, and it ends expired,
/// also when the budget ran out while the coordinator was down.
/// </summary>
public sealed class TimeBudgetSchedulingTests
{
    // 0.01 h = 36 s.
    static readonly TimeSpan Budget = TimeSpan.FromSeconds(36);

    /// <summary>A grid of two presets x 3 folds with a time budget of 0.01 h.</summary>
    internal static SubmitSweep Budgeted(string id, string search = "{method: grid, max_hours: 0.01}")
    {
        string yaml = $"name: {id}\nfolds: 3\nsearch: {search}\narchitectures: [seed-mlp-1, seed-mlp-2]\ntraining: {{epochs: 2}}\n";
        var file = SweepFileParser.Parse(yaml, $"{id}.yaml");
        return new SubmitSweep(id, file.Definition, new DatasetFacts("fingerprint", 1000, 28, 28, 10, null), $"{id}.yaml", yaml, file.Sha256);
    }

    /// <summary>Two slots, one fold finished on the first and one fold running on each: 1 done, 2 running, 3 queued of 6.</summary>
    static (SlotInfo A, SlotInfo B, AssignJob OnA, AssignJob OnB) Start(SchedulerFixture f, string id)
    {
        f.Submit(Budgeted(id));
        SlotInfo a = Slot("a"), b = Slot("b");
        var first = Assignments(f.Scheduler.RequestWork(a, f.Now)).Single();
        f.Scheduler.Complete(id, first.Job.JobId, first.Attempt, Outcome(0.9), a.Key, f.Now);
        var onA = Assignments(f.Scheduler.RequestWork(a, f.Now)).Single();
        var onB = Assignments(f.Scheduler.RequestWork(b, f.Now)).Single();
        return (a, b, onA, onB);
    }

    [Fact]
    public void A_spent_budget_drops_queued_folds_stops_running_ones_and_keeps_finished_ones()
    {
        var f = new SchedulerFixture();
        var (a, _, onA, onB) = Start(f, "t1");
        var run = f.Scheduler.Sweeps["t1"];
        Assert.Equal(f.Now + Budget, run.Deadline);

        f.Now += Budget - TimeSpan.FromSeconds(1);
        Assert.True(f.Scheduler.EndSpentSweeps(f.Now).IsEmpty);
        Assert.Equal(SweepState.Running, run.State);

        f.Now += TimeSpan.FromSeconds(1);
        var effects = f.Scheduler.EndSpentSweeps(f.Now);

        Assert.Equal(SweepState.Expired, run.State);
        Assert.Equal(f.Now, run.Finished);
        Assert.Equal(new SweepEnded("t1", SweepState.Expired), Assert.Single(effects.Events));
        Assert.Equal([onA.Job.JobId, onB.Job.JobId], Cancellations(effects).Select(c => c.JobId).Order());
        Assert.Equal(1, run.Jobs.Count(j => j.Status == JobStatus.Done));
        Assert.Equal(5, run.Jobs.Count(j => j.Status == JobStatus.Cancelled));
        Assert.Equal(5, effects.ChangedJobs.Count);
        Assert.Contains("t1", effects.ChangedSweeps);
        Assert.Equal(0, f.Scheduler.QueueLength);

        // The stopped fold's late result does not count, and the idle slot gets nothing.
        Assert.NotEmpty(f.Scheduler.Complete("t1", onA.Job.JobId, onA.Attempt, Outcome(0.9), a.Key, f.Now).Refusals);
        Assert.Empty(Assignments(f.Scheduler.RequestWork(a, f.Now)));
        var status = run.Status(f.Now);
        Assert.Equal((SweepState.Expired, 1, 0, 0), (status.State, status.Done, status.Running, status.Queued));
        Assert.Equal(run.Deadline, status.Deadline);
    }

    [Fact]
    public void No_job_of_a_spent_sweep_starts_even_before_the_timer_notices()
    {
        var f = new SchedulerFixture();
        f.Submit(Budgeted("t2"));
        f.Now += Budget;
        var effects = f.Scheduler.RequestWork(Slot("a"), f.Now);
        Assert.Empty(Assignments(effects));
        Assert.Equal(SweepState.Expired, f.Scheduler.Sweeps["t2"].State);
    }

    [Fact]
    public void A_sweep_without_a_budget_never_expires_and_another_sweeps_budget_leaves_it_alone()
    {
        var f = new SchedulerFixture();
        f.Submit(Sweep("plain", 3, "seed-mlp-1"));
        f.Submit(Budgeted("budgeted"));
        f.Now += TimeSpan.FromDays(400);
        f.Scheduler.EndSpentSweeps(f.Now);
        Assert.Equal(SweepState.Running, f.Scheduler.Sweeps["plain"].State);
        Assert.Null(f.Scheduler.Sweeps["plain"].Deadline);
        Assert.Equal(SweepState.Expired, f.Scheduler.Sweeps["budgeted"].State);
        Assert.Single(Assignments(f.Scheduler.RequestWork(Slot("a"), f.Now)));
    }

    [Fact]
    public void The_deadline_survives_a_restart_counted_from_the_acceptance_not_the_restart()
    {
        var original = new SchedulerFixture();
        Start(original, "t3");
        var before = original.Scheduler.Sweeps["t3"];

        // Restarted 30 s after acceptance: 6 s of budget left, not another 36.
        var restored = new SchedulerFixture { Now = original.Now + TimeSpan.FromSeconds(30) };
        var run = Reload(StoredSweep.Of(before, before.Jobs));
        restored.Scheduler.Restore(run, restored.Now);
        Assert.Equal(before.Deadline, run.Deadline);
        Assert.Single(Assignments(restored.Scheduler.RequestWork(Slot("a"), restored.Now)));

        restored.Now += TimeSpan.FromSeconds(6);
        restored.Scheduler.EndSpentSweeps(restored.Now);
        Assert.Equal(SweepState.Expired, run.State);
        Assert.Equal(1, run.Jobs.Count(j => j.Status == JobStatus.Done));
    }

    [Fact]
    public void A_budget_that_ran_out_while_the_coordinator_was_down_ends_the_sweep_on_restore()
    {
        var original = new SchedulerFixture();
        Start(original, "t4");
        var before = original.Scheduler.Sweeps["t4"];

        var restored = new SchedulerFixture { Now = original.Now + TimeSpan.FromHours(1) };
        var run = Reload(StoredSweep.Of(before, before.Jobs));
        var effects = restored.Scheduler.Restore(run, restored.Now);

        Assert.Equal(SweepState.Expired, run.State);
        Assert.Contains(new SweepEnded("t4", SweepState.Expired), effects.Events);
        Assert.Empty(Assignments(restored.Scheduler.RequestWork(Slot("a"), restored.Now)));
        Assert.Equal((1, 5), (run.Jobs.Count(j => j.Status == JobStatus.Done), run.Jobs.Count(j => j.Status == JobStatus.Cancelled)));
    }

    /// <summary>A stored sweep read back the way the coordinator resumes it (SweepCoordinatorActor.Resume).</summary>
    static SweepRun Reload(StoredSweep stored)
    {
        var s = stored.Submission;
        var run = new SweepRun(s, SweepPlan.Create(s.Definition, s.SweepId, s.Dataset.Fingerprint, s.Dataset.Height, s.Dataset.Width), stored.Created)
            { State = stored.State, Finished = stored.Finished };
        foreach (var job in stored.Jobs)
        {
            var state = run.JobById(job.JobId)!;
            (state.Status, state.Attempts, state.Misses, state.Outcome, state.Error) = (job.Status, job.Attempts, job.Misses, job.Outcome, job.Error);
        }
        return run;
    }
}
